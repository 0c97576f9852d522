import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { attachBoardToPty, createPtyPair, SimulatedBoard } from '@regiobox/simulated-devices';
import type { BenchArgs } from './support/args.js';
import { startAedes } from './support/brokers.js';
import { compiledStation, REPO_ROOT } from './support/build.js';
import { epochMs } from './support/child.js';
import { isMain, runAsProgram } from './support/main.js';
import { mb, type ProcSample, sampleProcess } from './support/proc-stats.js';
import { type BenchResult, emit, round, verdict } from './support/report.js';
import { until } from './support/until.js';
import { WALL_COMPARTMENTS, WALL_PROBES, wallConfig } from './support/wall-config.js';

const BUDGET = { rssMb: 80, cpuPercent: 1, readyMs: 1000 } as const;
// start-up garbage is collected within the first quarter minute; growth is measured after it
const SETTLE_MS = 15_000;
const SAMPLE_EVERY_MS = 5000;

/**
 * The idle station as systemd runs it: the compiled CLI in its own process with a 48-compartment,
 * 16-probe config, the lock board (simulated) on the far end of a socat PTY, an MQTT broker, the
 * kiosk server, probes sampled every 10 s and the sd_notify watchdog pinging every 15 s (a stub
 * `systemd-notify` on PATH records READY and the pings). Ready = from spawn to READY=1.
 */
export const stationFootprint = async (args: BenchArgs): Promise<BenchResult[]> => {
  const seconds = args.seconds ?? (args.long ? 600 : args.quick ? 20 : 60);
  const station = compiledStation({ build: !args.noBuild });
  const dir = mkdtempSync(join(tmpdir(), 'regiobox-bench-footprint-'));
  const pty = await createPtyPair();
  const board = new SimulatedBoard({
    lockChannels: WALL_COMPARTMENTS,
    probes: WALL_PROBES,
    occupancySensors: true,
    initialCelsius: 4,
  });
  const boardLine = await attachBoardToPty(board, pty.boardPath);
  const broker = await startAedes();
  let temperatureReads = 0;
  board.on('traffic', ({ direction, frame }) => {
    if (direction === 'in' && frame.message.type === 'READ_TEMPS') temperatureReads++;
  });

  const notifyLog = join(dir, 'notify.log');
  const bin = join(dir, 'bin');
  const stub = join(bin, 'systemd-notify');
  mkdirSync(bin);
  writeFileSync(stub, `#!/bin/sh\necho "$(date +%s%N) $*" >> '${notifyLog}'\n`);
  chmodSync(stub, 0o755);
  const configFile = join(dir, 'station.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      wallConfig({ dataDir: join(dir, 'data'), serialPath: pty.hostPath, brokerUrl: broker.url }),
      null,
      2,
    ),
  );

  const [command, ...commandArgs] = station.command;
  const spawnedAt = epochMs();
  const child = spawn(command ?? process.execPath, [...commandArgs, '--config', configFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      NOTIFY_SOCKET: join(dir, 'notify.sock'),
      WATCHDOG_USEC: '30000000',
      ...(args.nodeOptions ? { NODE_OPTIONS: args.nodeOptions } : {}),
    },
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid ?? 0;
  try {
    const readyLine = await until(
      'READY=1 from the station',
      () => {
        if (child.exitCode !== null) throw new Error(`the station exited with ${child.exitCode}: ${stderr}`);
        if (!existsSync(notifyLog)) return undefined;
        return readFileSync(notifyLog, 'utf8')
          .split('\n')
          .find((l) => l.includes('--ready'));
      },
      30_000,
      2,
    );
    const readyMs = Number(BigInt(readyLine.split(' ')[0] ?? '0') / 1000n) / 1000 - spawnedAt;
    await until('the station to reach its board and broker', () => broker.clients() > 0, 20_000);
    await sleep(SETTLE_MS);

    const samples: ProcSample[] = [sampleProcess(pid)];
    const readsBefore = temperatureReads;
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      await sleep(Math.min(SAMPLE_EVERY_MS, end - performance.now()));
      samples.push(sampleProcess(pid));
    }
    const first = samples[0] as ProcSample;
    const last = samples[samples.length - 1] as ProcSample;
    const cpuPercent = ((last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000)) * 100;
    const rssMaxMb = mb(Math.max(...samples.map((s) => s.rssBytes)));
    // growth: the last quarter of the window against the second, so that start-up garbage collected
    // early in the window does not pass for shrinking, and one late collection not for growth
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    const meanRss = (from: number, to: number) => {
      const part = samples.slice(from, to);
      return part.reduce((sum, s) => sum + s.rssBytes, 0) / part.length;
    };
    // within a few minutes the first major collections after start-up dominate: no growth figure then
    const growthMb =
      seconds >= 300
        ? mb(meanRss(samples.length - quarter, samples.length) - meanRss(quarter, 2 * quarter))
        : null;
    const pings = readFileSync(notifyLog, 'utf8')
      .split('\n')
      .filter((l) => l.includes('WATCHDOG=1')).length;
    const pass =
      mb(last.rssBytes) <= BUDGET.rssMb && cpuPercent <= BUDGET.cpuPercent && readyMs <= BUDGET.readyMs;
    const result: BenchResult = {
      bench: 'station-footprint',
      runtime: station.runtime,
      node: process.version,
      nodeOptions: args.nodeOptions ?? null,
      compartments: WALL_COMPARTMENTS,
      probes: WALL_PROBES,
      measuredSeconds: round((last.at - first.at) / 1000, 1),
      readyMs: round(readyMs, 0),
      rssMb: mb(last.rssBytes),
      rssMaxMb,
      rssGrowthMb: growthMb,
      rssAnonMb: mb(last.rssAnonBytes),
      rssFileMb: mb(last.rssFileBytes),
      cpuPercent: round(cpuPercent, 3),
      temperatureReads: temperatureReads - readsBefore,
      watchdogPings: pings,
      note: station.note,
      budget: { metric: 'rssMb (at the end), cpuPercent ≤ 1, readyMs ≤ 1000', max: BUDGET.rssMb },
      pass,
    };
    emit(
      [
        `station-footprint (${station.runtime}, ${process.version}${args.nodeOptions ? `, NODE_OPTIONS=${args.nodeOptions}` : ''}): idle ${result.measuredSeconds} s with ${WALL_COMPARTMENTS} compartments and ${WALL_PROBES} probes`,
        `  RSS ${result.rssMb} MB at the end (${result.rssAnonMb} MB anonymous, ${result.rssFileMb} MB node binary and libraries; max ${rssMaxMb} MB, growth ${growthMb === null ? 'needs --long' : `${growthMb} MB`})`,
        `  CPU ${result.cpuPercent} % of a core, ready in ${result.readyMs} ms from spawn to READY=1`,
        `  ${result.temperatureReads} READ_TEMPS on the line, ${pings} watchdog pings; ${station.note}`,
        `  budget RSS ≤ ${BUDGET.rssMb} MB, CPU ≤ ${BUDGET.cpuPercent} %, ready ≤ ${BUDGET.readyMs} ms: ${verdict(pass)}`,
      ],
      result,
    );
    return [result];
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    await boardLine.close();
    board.stop();
    await pty.close();
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

if (isMain(import.meta.url)) runAsProgram(stationFootprint);
