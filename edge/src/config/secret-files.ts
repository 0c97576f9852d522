import { readFileSync } from 'node:fs';
import type { StationConfig } from './schema.js';

/**
 * What the station would stop on at start, found before it is started: every secret file the config
 * names must exist, be readable by this user and hold a secret. One line per problem, naming the key.
 */
export const secretFileProblems = (config: StationConfig): string[] => {
  const problems: string[] = [];
  const check = (key: string, file: string | undefined, valid: (text: string) => string | null) => {
    if (file === undefined) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      const why =
        code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by this user' : code;
      problems.push(`${key}: ${JSON.stringify(file)} ${why}`);
      return;
    }
    const invalid = text === '' ? 'is empty' : valid(text);
    if (invalid) problems.push(`${key}: ${JSON.stringify(file)} ${invalid}`);
  };
  check('mqtt.passwordFile', config.mqtt.passwordFile, () => null);
  // The bridge issues 32-byte keys as 64 hex digits; anything else would verify no command at all.
  check('mqtt.commandKeyFile', config.mqtt.commandKeyFile, (text) =>
    /^[0-9a-f]{64}$/i.test(text)
      ? null
      : 'does not hold 64 hex digits (the command key `stations add` prints)',
  );
  return problems;
};
