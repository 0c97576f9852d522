import { alarmKind, celsius, compartmentOf, formatLanguage } from './format.js';

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

const UNLOCK_REASONS_DE = {
  loading: 'zum Einlagern',
  pickup: 'zur Abholung',
  retrieval: 'zur Rücknahme durch den Erzeuger',
  service_local: 'durch einen Service vor Ort',
  service_remote: 'durch einen Service-Befehl aus der Ferne',
};

const coldChainDe = (record) => {
  if (!record) return 'keine Kühlkettenaufzeichnung';
  const range = `${celsius(record.minCelsius)} bis ${celsius(record.maxCelsius)}`;
  return record.breached
    ? `Kühlkette unterbrochen: ${Math.round(record.minutesAboveLimit)} min über dem Grenzwert (${range})`
    : `Kühlkette eingehalten (${range})`;
};

const DESCRIPTIONS_DE = {
  'order.reserved': (e) => [`Bestellung ${e.orderId} reserviert`, `${e.parcels?.length ?? 0} Paket(e)`],
  'codes.issued': (e) => [`Codes für Bestellung ${e.orderId} ausgegeben`, null],
  'parcel.loaded': (e) => [`Paket in Fach ${e.compartment} eingelagert`, `Bestellung ${e.orderId}`],
  'parcel.picked_up': (e) => [`Paket aus Fach ${e.compartment} abgeholt`, coldChainDe(e.coldChain)],
  'parcel.expired': (e) => [`Paket in Fach ${e.compartment} abgelaufen`, `Bestellung ${e.orderId}`],
  'parcel.retrieved': (e) => [
    `Abgelaufenes Paket aus Fach ${e.compartment} zurückgenommen`,
    `Bestellung ${e.orderId}`,
  ],
  'parcel.held': (e) => [`Paket in Fach ${e.compartment} gesperrt`, e.reason],
  'parcel.hold_decided': (e) => [
    `Gesperrtes Paket: ${e.decision === 'release' ? 'freigegeben' : e.decision === 'discard' ? 'entsorgt' : e.decision}`,
    `${e.by}: ${e.why}`,
  ],
  'order.picked_up': (e) => [`Bestellung ${e.orderId} vollständig abgeholt`, null],
  'order.expired': (e) => [`Bestellung ${e.orderId} abgelaufen`, null],
  'order.cancelled': (e) => [`Bestellung ${e.orderId} storniert`, e.reason],
  'order.extended': (e) => [`Frist der Bestellung ${e.orderId} verlängert`, `neue Frist ${e.deadline}`],
  'order.reminder': (e) => [`Erinnerung für Bestellung ${e.orderId} gesendet`, null],
  'compartment.unlocked': (e) => [
    `Fach ${e.compartment} entriegelt ${UNLOCK_REASONS_DE[e.reason] ?? e.reason}`,
    [e.by ? `von ${e.by}` : null, e.outcome === 'unknown' ? 'Schlosszustand unbestätigt' : null]
      .filter(Boolean)
      .join(', ') || null,
  ],
  'compartment.door': (e) => [`Tür von Fach ${e.compartment} ${e.open ? 'geöffnet' : 'geschlossen'}`, null],
  'compartment.blocked': (e) => [`Fach ${e.compartment} gesperrt`, `${e.reason} (${e.by})`],
  'compartment.unblocked': (e) => [`Fach ${e.compartment} wieder in Betrieb`, `von ${e.by}`],
  'compartment.occupancy': (e) => [`Fach ${e.compartment} wirkt ${e.actual}`, `erwartet ${e.expected}`],
  'code.rejected': (e) => [
    'Falscher Code eingegeben',
    `${e.attempts} Versuch(e)${e.lockedForMs > 0 ? `, Tastatur für ${Math.round(e.lockedForMs / 1000)} s gesperrt` : ''}`,
  ],
  'alarm.raised': (e) => [`Alarm: ${alarmKind(e.kind)} (${compartmentOf(e.compartment)})`, e.detail],
  'alarm.cleared': (e) => [`Alarm aufgehoben: ${alarmKind(e.kind)}`, null],
  'alarm.acknowledged': (e) => [`Alarm quittiert von ${e.by}`, e.note || null],
  'station.daily_summary': (e) => [
    `Tageszusammenfassung ${e.day}`,
    `${e.pickups} Abholungen, ${e.loads} Einlagerungen, ${e.alarms} Alarme`,
  ],
};

/** `{ title, detail, tone }` for a stored event; tone is `alarm`, `ok` or `plain`. */
export const describeEvent = (stored) => {
  const describe =
    (formatLanguage() === 'de' ? DESCRIPTIONS_DE[stored.type] : undefined) ?? DESCRIPTIONS[stored.type];
  const [title, detail] = describe ? describe(stored.event ?? {}) : [stored.type, null];
  const tone = stored.type === 'alarm.raised' ? 'alarm' : stored.type.startsWith('alarm.') ? 'ok' : 'plain';
  return { title, detail: detail ?? null, tone };
};
