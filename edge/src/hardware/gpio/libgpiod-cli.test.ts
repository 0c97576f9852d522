import { describe, expect, it } from 'vitest';
import { findLineArgs, parseFindOutput, parseToolMajorVersion } from './libgpiod-cli.js';

describe('the libgpiod tools as the chardev backend reads them', () => {
  it('tells the v1 tools of Debian bookworm from the v2 tools by their --version', () => {
    expect(
      parseToolMajorVersion('gpioset (libgpiod) v1.6.3\nCopyright (C) 2017-2018 Bartosz Golaszewski\n'),
    ).toBe(1);
    expect(
      parseToolMajorVersion('gpioset (libgpiod) v2.1.3\nCopyright (C) 2017-2023 Bartosz Golaszewski\n'),
    ).toBe(2);
    expect(parseToolMajorVersion('gpioset v2.3.2 (libgpiod v2.2.1)\n')).toBe(2);
    expect(parseToolMajorVersion('something else')).toBeNull();
  });

  it('asks gpioinfo for a name on every chip, or on the one chip the line names', () => {
    expect(findLineArgs('GPIO17')).toEqual(['--by-name', '--strict', 'GPIO17']);
    expect(findLineArgs('GPIO17', 'gpiochip4')).toEqual([
      '--chip',
      'gpiochip4',
      '--by-name',
      '--strict',
      'GPIO17',
    ]);
  });

  it("reads chip and offset from gpioinfo's rows, one per match", () => {
    const oneMatch = 'gpiochip4 17\t"GPIO17"        \tinput bias=pull-down\n';
    expect(parseFindOutput(oneMatch)).toEqual([{ chip: 'gpiochip4', offset: 17 }]);
    const twoMatches =
      'gpiochip0 17\t"GPIO17"        \toutput consumer="regiobox"\ngpiochip1 3\t"GPIO17"        \tinput\n';
    expect(parseFindOutput(twoMatches)).toEqual([
      { chip: 'gpiochip0', offset: 17 },
      { chip: 'gpiochip1', offset: 3 },
    ]);
    // the listing of a whole chip (no line asked for) is no match
    expect(parseFindOutput('gpiochip0 - 54 lines:\n\tline  17:\t"GPIO17"        \tinput\n')).toEqual([]);
  });
});
