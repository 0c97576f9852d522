import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDuplexPair, kerongCu } from '@regiobox/firmware-proto';
import { describe, expect, it } from 'vitest';
import { until } from '../board/test-until.js';
import { SimulatedKerongBus } from './simulated-kerong-bus.js';

const vectors = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../../firmware-proto/src/vendors/kerong-cu/vectors.json'),
    'utf8',
  ),
) as { requests: { name: string; hex: string }[]; replies: { name: string; hex: string }[] };
const frame = (list: { name: string; hex: string }[], name: string) =>
  Buffer.from((list.find((v) => v.name.startsWith(name))?.hex ?? '').replaceAll(' ', ''), 'hex');

function connect(bus: SimulatedKerongBus) {
  const [host, device] = createDuplexPair();
  bus.attach(device);
  return { host, client: new kerongCu.KerongClient(host, { replyTimeoutMs: 100 }) };
}

describe('simulated Kerong KR-CU16 bus', () => {
  it('answers the documented READ STATUS with the documented "every hook latched" reply', async () => {
    const bus = new SimulatedKerongBus();
    const [host, device] = createDuplexPair();
    bus.attach(device);
    const received: Buffer[] = [];
    host.on('data', (chunk: Buffer) => received.push(chunk));
    host.write(frame(vectors.requests, 'read status of board 0'));
    await until(() => Buffer.concat(received).length >= 9, 1000, 'the reply');
    expect(Buffer.concat(received)).toEqual(frame(vectors.replies, 'board 0: every hook latched'));
    bus.stop();
  });

  it('fires the addressed lock of the addressed board; the hook unlatches and the door springs open', async () => {
    const bus = new SimulatedKerongBus({ boards: [0, 1], springOpen: true, unlockTimeMs: 50 });
    const { client } = connect(bus);
    await client.unlock(1, 2);
    expect(bus.pulses()).toMatchObject([{ board: 1, lock: 2, channel: 18 }]);
    expect(bus.isDoorOpen(18)).toBe(true);
    expect((await client.readStatus(1)).hooks[2]).toBe(false);
    bus.closeDoor(18);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await client.readStatus(1)).hooks[2]).toBe(true);
    client.close();
    bus.stop();
  });

  it('a board address nobody has stays silent, as on the real bus', async () => {
    const bus = new SimulatedKerongBus({ boards: [0] });
    const { client } = connect(bus);
    await expect(client.readStatus(4)).rejects.toMatchObject({ code: 'KERONG_TIMEOUT' });
    await expect(client.unlock(4, 0)).rejects.toMatchObject({ code: 'KERONG_TIMEOUT' });
    expect(bus.pulses()).toEqual([]);
    client.close();
    bus.stop();
  });

  it('a locked door cannot be pulled open; a forced one shows as an unlatched hook', async () => {
    const bus = new SimulatedKerongBus();
    const { client } = connect(bus);
    expect(() => bus.openDoor(3)).toThrow(/locked/);
    bus.forceDoor(3);
    expect((await client.readStatus(0)).hooks[3]).toBe(false);
    client.close();
    bus.stop();
  });
});
