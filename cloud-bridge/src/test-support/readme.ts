import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = `"${process.execPath}" "${createRequire(import.meta.url).resolve('tsx/cli')}" --conditions=regiobox-source`;

/** The binaries the README prints, and the same programs from source, so that no build is needed. */
const BINARIES: Readonly<Record<string, string>> = {
  'node cloud-bridge/dist/cli/main.js': `${tsx} "${path.join(ROOT, 'cloud-bridge/src/cli/main.ts')}"`,
  'node edge/dist/cli/main.js': `${tsx} "${path.join(ROOT, 'edge/src/cli/main.ts')}"`,
};

/**
 * The commands of the first sh block after a heading of the repository's README, exactly as printed:
 * continued lines joined, comments dropped.
 */
export const readmeCommands = (heading: string): string[] => {
  const text = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.length > 0);
};

export interface ShellRun {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
  /**
   * Signals the whole process group: tsx runs the program in a child of its own, which a signal to
   * tsx alone leaves running when that signal is SIGKILL.
   */
  readonly killGroup: (signal: NodeJS.Signals) => void;
}

/** Runs a printed command with `sh`, the printed binaries replaced by their sources. */
export const runPrinted = (command: string, cwd: string, env: Record<string, string> = {}): ShellRun => {
  let line = command;
  for (const [printed, source] of Object.entries(BINARIES)) line = line.replaceAll(printed, source);
  // `exec` so that killing the child stops the program itself, not only the shell around it
  const child = spawn('sh', ['-c', `exec ${line}`], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  return { child, output: () => output, exit, killGroup };
};
