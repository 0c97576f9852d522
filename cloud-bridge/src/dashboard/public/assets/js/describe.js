import { alarmKind, celsius, compartmentOf } from './format.js';

// One line per station event for the history. Pure: the tests import this file. Codes never
// appear: the bridge stores `codes.issued` without them, and this names only that codes were issued.

const UNLOCK_REASONS = {
  loading: 'for loading',
  pickup: 'for pickup',
  retrieval: 'for retrieval by the producer',
  service_local: 'by a local service action',
  service_remote: 'by a remote service command',
};

const coldChain = (record) => {
  if (!record) return 'no cold-chain record';
  const range = `${celsius(record.minCelsius)} to ${celsius(record.maxCelsius)}`;
  return record.breached
    ? `cold chain breached: ${Math.round(record.minutesAboveLimit)} min above the limit (${range})`
    : `cold chain kept (${range})`;
};

const DESCRIPTIONS = {
  'order.reserved': (e) => [`Order ${e.orderId} reserved`, `${e.parcels?.length ?? 0} parcel(s)`],
  'codes.issued': (e) => [`Codes issued for order ${e.orderId}`, null],
  'parcel.loaded': (e) => [`Parcel loaded into compartment ${e.compartment}`, `order ${e.orderId}`],
  'parcel.picked_up': (e) => [`Parcel picked up from compartment ${e.compartment}`, coldChain(e.coldChain)],
  'parcel.expired': (e) => [`Parcel in compartment ${e.compartment} expired`, `order ${e.orderId}`],
  'parcel.retrieved': (e) => [
    `Expired parcel retrieved from compartment ${e.compartment}`,
    `order ${e.orderId}`,
  ],
  'parcel.held': (e) => [`Parcel in compartment ${e.compartment} held`, e.reason],
  'parcel.hold_decided': (e) => [`Held parcel: ${e.decision}`, `${e.by}: ${e.why}`],
  'order.picked_up': (e) => [`Order ${e.orderId} complete`, null],
  'order.expired': (e) => [`Order ${e.orderId} expired`, null],
  'order.cancelled': (e) => [`Order ${e.orderId} cancelled`, e.reason],
  'order.extended': (e) => [`Order ${e.orderId} extended`, `new deadline ${e.deadline}`],
  'order.reminder': (e) => [`Reminder sent for order ${e.orderId}`, null],
  'compartment.unlocked': (e) => [
    `Compartment ${e.compartment} unlocked ${UNLOCK_REASONS[e.reason] ?? e.reason}`,
    [e.by ? `by ${e.by}` : null, e.outcome === 'unknown' ? 'lock state unconfirmed' : null]
      .filter(Boolean)
      .join(', ') || null,
  ],
  'compartment.door': (e) => [`Door of compartment ${e.compartment} ${e.open ? 'opened' : 'closed'}`, null],
  'compartment.blocked': (e) => [`Compartment ${e.compartment} blocked`, `${e.reason} (${e.by})`],
  'compartment.unblocked': (e) => [`Compartment ${e.compartment} back in service`, `by ${e.by}`],
  'compartment.occupancy': (e) => [
    `Compartment ${e.compartment} looks ${e.actual}`,
    `expected ${e.expected}`,
  ],
  'code.rejected': (e) => [
    'Wrong code entered',
    `${e.attempts} attempt(s)${e.lockedForMs > 0 ? `, keypad locked for ${Math.round(e.lockedForMs / 1000)} s` : ''}`,
  ],
  'alarm.raised': (e) => [`Alarm: ${alarmKind(e.kind)} (${compartmentOf(e.compartment)})`, e.detail],
  'alarm.cleared': (e) => [`Alarm cleared: ${alarmKind(e.kind)}`, null],
  'alarm.acknowledged': (e) => [`Alarm acknowledged by ${e.by}`, e.note || null],
  'station.daily_summary': (e) => [
    `Daily summary ${e.day}`,
    `${e.pickups} pickups, ${e.loads} loads, ${e.alarms} alarms`,
  ],
};

/** `{ title, detail, tone }` for a stored event; tone is `alarm`, `ok` or `plain`. */
export const describeEvent = (stored) => {
  const describe = DESCRIPTIONS[stored.type];
  const [title, detail] = describe ? describe(stored.event ?? {}) : [stored.type, null];
  const tone = stored.type === 'alarm.raised' ? 'alarm' : stored.type.startsWith('alarm.') ? 'ok' : 'plain';
  return { title, detail: detail ?? null, tone };
};
