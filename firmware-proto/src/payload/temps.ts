import type { MessageOf, ProbeReading } from '../messages.js';
import { MAX_PROBES, PROBE_STATUS_CODES, PROBE_STATUSES_BY_CODE } from '../protocol.js';
import { type ByteReader, ByteWriter, PayloadError } from './bytes.js';

type Temps = MessageOf<'TEMPS'>;

export function writeTemps(m: Temps): Buffer {
  const w = new ByteWriter().u8(m.probes.length);
  for (const probe of m.probes) w.u8(PROBE_STATUS_CODES[probe.status]).i16(probe.centiCelsius ?? 0);
  return w.toBuffer();
}

export function readTemps(r: ByteReader): Temps {
  const count = r.limit(r.u8(), MAX_PROBES, 'probe count');
  const probes: ProbeReading[] = [];
  for (let index = 0; index < count; index++) {
    const statusCode = r.u8();
    const status = PROBE_STATUSES_BY_CODE.get(statusCode);
    if (!status) throw new PayloadError(`probe ${index} has unknown status 0x${statusCode.toString(16)}`);
    const value = r.i16();
    if (status !== 'ok' && value !== 0) throw new PayloadError(`probe ${index} is ${status} but has a value`);
    probes.push({ status, centiCelsius: status === 'ok' ? value : null });
  }
  return { type: 'TEMPS', probes };
}
