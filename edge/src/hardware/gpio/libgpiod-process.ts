import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { HardwareError } from '@regiobox/hardware-api';

/** Running the libgpiod tools as child processes: one-shot calls and long-running holders. */

export function runTool(tool: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err === null) resolve(stdout);
      else reject(toolError(tool, err, stderr));
    });
  });
}

/**
 * Runs a tool whose output matters even when it exits non-zero (gpioinfo lists every match of a
 * name that is not unique, and then fails). Rejects only when the tool cannot run or hangs.
 */
export function runToolForOutput(
  tool: string,
  args: string[],
  timeoutMs: number,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err === null) resolve({ exitCode: 0, stdout, stderr });
      else if (typeof err.code === 'number' && !err.killed) resolve({ exitCode: err.code, stdout, stderr });
      else reject(toolError(tool, err, stderr));
    });
  });
}

export function toolError(tool: string, err: unknown, stderr: string): Error {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  if (code === 'ENOENT') {
    return new HardwareError(
      'DEVICE_MISSING',
      `${tool} not found: install the libgpiod v2 tools (Debian package gpiod) or set hardware.backend to sysfs`,
    );
  }
  const detail = stderr.trim().split('\n').at(-1) ?? '';
  return new Error(`${tool} failed${detail === '' ? '' : `: ${detail}`}`, { cause: err });
}

/**
 * Starts a long-running tool. `ready` resolves at its banner (the kernel granted the line) and
 * rejects if it exits or fails first; every later stdout line goes to `onLine`.
 */
export function startTool(
  tool: string,
  args: string[],
  timeoutMs: number,
  onLine: (text: string) => void = () => {},
): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  const ready = new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err === null) {
        resolve();
        return;
      }
      child.kill('SIGKILL');
      reject(err);
    };
    const timer = setTimeout(
      () => settle(new Error(`${tool} gave no banner within ${timeoutMs} ms`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
      if (settled) onLine(text);
      else settle(null);
    });
    child.once('error', (err) => settle(toolError(tool, err, stderr)));
    child.once('exit', (code) => settle(toolError(tool, new Error(`exit code ${code}`), stderr)));
  });
  return { child, ready };
}
