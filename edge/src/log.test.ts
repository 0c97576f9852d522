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
});
