import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What Linux says about a process: resident memory and the CPU time it and its reaped children used. */
export interface ProcSample {
  /** epoch ms */
  readonly at: number;
  readonly rssBytes: number;
  /** of which anonymous memory (heaps, buffers): what the process really costs */
  readonly rssAnonBytes: number;
  /** of which file-backed pages (the node binary, shared libraries), shared and reclaimable */
  readonly rssFileBytes: number;
  /** user + system time of the process and of its waited-for children (systemd-notify calls), in seconds */
  readonly cpuSeconds: number;
}

let ticks: number | undefined;
const clockTicks = (): number => {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
};

export const sampleProcess = (pid: number): ProcSample => {
  const at = performance.timeOrigin + performance.now();
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  // the command name (field 2) may contain spaces; the fields after its closing parenthesis do not
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime, stime, cutime, cstime are fields 14–17
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i] ?? 0));
  return {
    at,
    rssBytes: kb('VmRSS'),
    rssAnonBytes: kb('RssAnon'),
    rssFileBytes: kb('RssFile') + kb('RssShmem'),
    cpuSeconds: ((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) / clockTicks(),
  };
};

export const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A process and its children (PostgreSQL's postmaster and its backends), from /proc. */
export const processTree = (pid: number): number[] => {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // field 4, ppid, after the command name's closing parenthesis and the state
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return [pid, ...children];
};
