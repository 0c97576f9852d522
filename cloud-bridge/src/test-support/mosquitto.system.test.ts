import fs from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningMosquitto, startMosquitto } from './mosquitto.js';

let running: RunningMosquitto | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const refusesTcp = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

/** The retained message on `topic`, if any: it arrives before the echo of a later publish. */
const retainedOn = async (url: string, topic: string): Promise<string | undefined> => {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, clientId: 'probe' });
  try {
    const seen: string[] = [];
    const echoed = new Promise<void>((resolve) =>
      client.on('message', (t, p) => (t === 'probe/echo' ? resolve() : seen.push(p.toString()))),
    );
    await client.subscribeAsync([topic, 'probe/echo'], { qos: 1 });
    await client.publishAsync('probe/echo', 'x', { qos: 1 });
    await echoed;
    return seen[0];
  } finally {
    await client.endAsync(true);
  }
};

describe('a test Mosquitto', () => {
  it('listens on a free loopback port, restarts on the same port without its old state, and stops', async () => {
    running = await startMosquitto();
    expect(running.url).toBe(`mqtt://127.0.0.1:${running.port}`);
    expect(running.log().match(/listen socket on port \d+/g)).toEqual([
      `listen socket on port ${running.port}`,
    ]);
    const client = await mqtt.connectAsync(running.url, { reconnectPeriod: 0 });
    await client.publishAsync('regiobox/test', 'kept', { qos: 1, retain: true });
    await client.endAsync();
    expect(await retainedOn(running.url, 'regiobox/test')).toBe('kept');

    await running.restart();
    expect(await retainedOn(running.url, 'regiobox/test')).toBeUndefined();

    const port = running.port;
    await running.stop();
    running = undefined;
    expect(await refusesTcp(port)).toBe(true);
  });

  it('refuses anonymous clients when given a password file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-mosq-helper-'));
    const passwordFile = path.join(dir, 'passwd');
    fs.writeFileSync(passwordFile, '');
    try {
      running = await startMosquitto({ passwordFile });
      const refused = await mqtt
        .connectAsync(running.url, { reconnectPeriod: 0, protocolVersion: 5 })
        .then(async (c) => {
          await c.endAsync(true);
          return 0;
        })
        .catch((err: { code?: number }) => err.code);
      expect(refused).toBe(0x87);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
