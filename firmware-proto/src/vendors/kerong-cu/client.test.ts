import { describe, expect, it } from 'vitest';
import { createDuplexPair } from '../../duplex-pair.js';
import { KerongClient } from './client.js';
import { KerongFrameDecoder } from './decoder.js';
import { encodeStatus, type KerongFrame } from './frame.js';

const hooks = (unlatched: number[] = []) => Array.from({ length: 16 }, (_, i) => !unlatched.includes(i));
const none = Array.from({ length: 16 }, () => false);

/** A board end that answers each request with `answer` (undefined: stays silent). */
function boardEnd(answer: (frame: KerongFrame) => Buffer | undefined) {
  const [host, board] = createDuplexPair();
  const heard: KerongFrame[] = [];
  const decoder = new KerongFrameDecoder();
  decoder.on('data', (frame: KerongFrame) => {
    heard.push(frame);
    const reply = answer(frame);
    if (reply) board.write(reply);
  });
  board.pipe(decoder);
  return { host, board, heard };
}

describe('KerongClient', () => {
  it('reads a board’s hooks and infrared sensors', async () => {
    const end = boardEnd((f) =>
      encodeStatus({ board: f.board, lock: 0, hooks: hooks([4]), infrared: none.map((_, i) => i === 4) }),
    );
    const client = new KerongClient(end.host, { replyTimeoutMs: 100 });
    const status = await client.readStatus(3);
    expect(end.heard).toMatchObject([{ board: 3, command: 0x30 }]);
    expect(status.hooks[4]).toBe(false);
    expect(status.hooks[5]).toBe(true);
    expect(status.infrared[4]).toBe(true);
    client.close();
  });

  it('sends an unlock exactly once when its reply is lost, and says the board did not answer', async () => {
    const end = boardEnd(() => undefined);
    const client = new KerongClient(end.host, { replyTimeoutMs: 30 });
    await expect(client.unlock(0, 7)).rejects.toMatchObject({ code: 'KERONG_TIMEOUT' });
    expect(end.heard).toMatchObject([{ board: 0, lock: 7, command: 0x31 }]);
    client.close();
  });

  it('takes no reply from another board as the answer', async () => {
    const end = boardEnd(() => encodeStatus({ board: 5, lock: 0, hooks: hooks(), infrared: none }));
    const client = new KerongClient(end.host, { replyTimeoutMs: 30 });
    await expect(client.readStatus(1)).rejects.toMatchObject({ code: 'KERONG_TIMEOUT' });
    client.close();
  });

  it('sends requests one at a time on the half-duplex bus', async () => {
    const end = boardEnd((f) =>
      encodeStatus({ board: f.board, lock: f.lock, hooks: hooks(), infrared: none }),
    );
    const client = new KerongClient(end.host, { replyTimeoutMs: 100 });
    const replies = await Promise.all([client.readStatus(0), client.readStatus(1), client.unlock(1, 2)]);
    expect(replies.map((r) => r.board)).toEqual([0, 1, 1]);
    expect(end.heard.map((f) => f.command)).toEqual([0x30, 0x30, 0x31]);
    client.close();
  });

  it('fails a pending request at once when the line closes', async () => {
    const end = boardEnd(() => undefined);
    const client = new KerongClient(end.host, { replyTimeoutMs: 5000 });
    const read = client.readStatus(0);
    end.board.destroy();
    await expect(read).rejects.toMatchObject({ code: 'KERONG_CLOSED' });
    expect(client.isClosed).toBe(true);
  });
});
