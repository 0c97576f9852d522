import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from './bus.js';

interface Events {
  door: { compartment: number; open: boolean };
  health: { ok: boolean };
}

const capture = () => {
  const lines: { msg: string; event: string }[] = [];
  const logger = pino({ level: 'error' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  return { logger, lines };
};

describe('the station event bus', () => {
  it('a listener hears only its event, and no more once it unsubscribed', () => {
    const bus = new EventBus<Events>(pino({ level: 'silent' }));
    const heard: string[] = [];
    const off = bus.on('door', (d) => heard.push(`door ${d.compartment} ${d.open ? 'open' : 'shut'}`));
    bus.on('health', (h) => heard.push(`health ${h.ok}`));
    bus.emit('door', { compartment: 7, open: true });
    off();
    bus.emit('door', { compartment: 7, open: false });
    bus.emit('health', { ok: false });
    expect(heard).toEqual(['door 7 open', 'health false']);
  });

  it('a failing listener is logged and neither breaks the emitter nor keeps the others from hearing', () => {
    const { logger, lines } = capture();
    const bus = new EventBus<Events>(logger);
    const heard: number[] = [];
    bus.on('door', () => {
      throw new Error('kiosk gone');
    });
    bus.on('door', (d) => heard.push(d.compartment));
    expect(() => bus.emit('door', { compartment: 3, open: true })).not.toThrow();
    expect(heard).toEqual([3]);
    expect(lines).toEqual([expect.objectContaining({ msg: 'event listener failed', event: 'door' })]);
  });
});
