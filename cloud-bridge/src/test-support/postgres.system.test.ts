import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres.js';
import { until } from './until.js';

const query = async (url: string, sql: string): Promise<unknown[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

const serverPids = (dataDirPrefix: string): string[] => {
  try {
    return execFileSync('pgrep', ['-f', `postgres -D ${dataDirPrefix}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
};

describe('the temporary PostgreSQL cluster', () => {
  it('accepts connections on 127.0.0.1, gives fresh databases, and is gone after stop', async () => {
    const cluster = await startPostgres();
    try {
      const a = await cluster.createDatabase();
      const b = await cluster.createDatabase();
      await query(a, 'CREATE TABLE only_in_a (x int)');
      expect(await query(a, "SELECT to_regclass('only_in_a') IS NOT NULL AS here")).toEqual([{ here: true }]);
      expect(await query(b, "SELECT to_regclass('only_in_a') IS NOT NULL AS here")).toEqual([
        { here: false },
      ]);
      expect(await query(a, 'SELECT current_setting($$listen_addresses$$) AS l')).toEqual([
        { l: '127.0.0.1' },
      ]);
    } finally {
      await cluster.stop();
    }
    await expect(query(cluster.url, 'SELECT 1')).rejects.toThrow();
  }, 60_000);

  it('stops itself when the process that started it is killed', async () => {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postgres-orphan.fixture.ts');
    // tsx's loader in this very process (tsx's cli would run the script in a grandchild)
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
    const child = spawn(process.execPath, ['--import', tsx, '--conditions=regiobox-source', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await until('the child started a cluster', () => out.includes('\n'), 60_000);
    const { url, dir } = JSON.parse(out.split('\n')[0] ?? '{}') as { url: string; dir: string };
    expect(await query(url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    child.kill('SIGKILL');
    await until(
      'the orphaned cluster is gone',
      () => !existsSync(dir) && serverPids(dir).length === 0,
      20_000,
    );
    await expect(query(url, 'SELECT 1')).rejects.toThrow();
  }, 90_000);
});
