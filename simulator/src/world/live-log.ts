import type { SimClock } from '@regiobox/simulated-devices';

/**
 * The readable log of a scenario or the demo: one line per thing a person would notice, stamped
 * with simulated time. Technical logs go to the structured logger, not here.
 */
export class LiveLog {
  readonly lines: string[] = [];

  constructor(
    private readonly clock: SimClock,
    private readonly out: (line: string) => void = () => {},
    private readonly keep = 10_000,
  ) {}

  say(station: string | null, text: string): void {
    const t = this.clock.now().toISOString().slice(11, 19);
    const line = `${t}  ${(station ?? '').padEnd(22)} ${text}`;
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
    this.out(line);
  }
}
