import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';

describe('the station log', () => {
  it('never writes a code, token or password even when a component passes one by mistake', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c.toString()));
    const logger = createLogger({ destination: sink, level: 'info' }).child({ component: 'kiosk' });
    logger.info(
      { code: '48213377', order: { pickupPin: '99887766', qrToken: 'Zq3x9' }, password: 'hunter2' },
      'code submitted',
    );
    await new Promise((r) => setImmediate(r));
    const text = chunks.join('');
    expect(text).toContain('code submitted');
    expect(text).toContain('"component":"kiosk"');
    for (const secret of ['48213377', '99887766', 'Zq3x9', 'hunter2']) expect(text).not.toContain(secret);
  });

  it('shows why something failed: an error code stays readable while a PIN in a code field is hidden', async () => {
    const sink = new PassThrough();
    const chunks: string[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c.toString()));
    const logger = createLogger({ destination: sink, level: 'debug' }).child({ component: 'board' });
    const err = Object.assign(new Error('no reply'), { code: 'BOARD_TIMEOUT' });
    logger.debug({ code: 'BAD_CRC', detail: 'crc mismatch' }, 'damaged frame from board');
    logger.warn({ err }, 'heartbeat not answered');
    logger.info({ code: '4821337712' }, 'code submitted');
    logger.info({ order: { code: 'rbx1.Zk3q9T0m' }, reply: { code: 'EXPIRED' } }, 'command done');
    await new Promise((r) => setImmediate(r));
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ code: 'BAD_CRC', detail: 'crc mismatch' });
    expect(lines[1]).toMatchObject({ err: { code: 'BOARD_TIMEOUT', message: 'no reply' } });
    expect(lines[2]).toMatchObject({ code: '[redacted]' });
    expect(lines[3]).toMatchObject({ order: { code: '[redacted]' }, reply: { code: 'EXPIRED' } });
    expect(chunks.join('')).not.toContain('4821337712');
    expect(chunks.join('')).not.toContain('Zk3q9T0m');
  });
});
