// Words and numbers as operators read them. Pure functions: the tests import this file.

export const ALARM_KINDS = {
  temperature_high: 'Temperature too high',
  temperature_low: 'Temperature too low',
  door_left_open: 'Door left open',
  door_forced: 'Door forced open',
  probe_missing: 'Probe missing',
  probe_stuck: 'Probe stuck',
  probe_implausible: 'Probe implausible',
  board_unreachable: 'Lock board unreachable',
  serial_line_noisy: 'Serial line to the board noisy',
  wrong_codes: 'Repeated wrong codes',
  power_restored: 'Power restored',
  storage_fault: 'Storage fault',
  clock_unsynced: 'Clock not synchronised',
  cold_chain_breach: 'Cold chain breached',
  occupancy_mismatch: 'Occupancy mismatch',
};

export const SEVERITIES = { critical: 'Critical', warning: 'Warning', info: 'Info' };

export const ZONES = { frozen: 'Frozen', cold: 'Cold', chilled: 'Chilled', ambient: 'Ambient' };

export const COMPARTMENT_STATES = {
  free: 'Free',
  reserved: 'Reserved',
  loaded: 'Loaded',
  open: 'Open',
  blocked: 'Blocked',
};

// German, for operators whose dashboard speaks German (i18n.js sets the language on every page).
const GERMAN = {
  kinds: {
    temperature_high: 'Temperatur zu hoch',
    temperature_low: 'Temperatur zu niedrig',
    door_left_open: 'Tür offen gelassen',
    door_forced: 'Tür aufgebrochen',
    probe_missing: 'Fühler fehlt',
    probe_stuck: 'Fühler hängt',
    probe_implausible: 'Fühler unplausibel',
    board_unreachable: 'Schlossplatine nicht erreichbar',
    serial_line_noisy: 'Serielle Leitung zur Platine gestört',
    wrong_codes: 'Wiederholt falsche Codes',
    power_restored: 'Strom wieder da',
    storage_fault: 'Speicherfehler',
    clock_unsynced: 'Uhr nicht synchronisiert',
    cold_chain_breach: 'Kühlkette unterbrochen',
    occupancy_mismatch: 'Belegung passt nicht',
  },
  severities: { critical: 'Kritisch', warning: 'Warnung', info: 'Info' },
  zones: { frozen: 'Tiefgekühlt', cold: 'Kalt', chilled: 'Gekühlt', ambient: 'Raumtemperatur' },
  states: { free: 'Frei', reserved: 'Reserviert', loaded: 'Befüllt', open: 'Offen', blocked: 'Gesperrt' },
};

let language = 'en';

/** 'de' or 'en'; the words below follow it. */
export const setFormatLanguage = (lang) => {
  language = lang === 'de' ? 'de' : 'en';
};
export const formatLanguage = () => language;
const german = () => language === 'de';

const humanise = (word) => {
  const text = String(word).replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

export const alarmKind = (kind) => (german() && GERMAN.kinds[kind]) || ALARM_KINDS[kind] || humanise(kind);
export const severity = (s) => (german() && GERMAN.severities[s]) || SEVERITIES[s] || humanise(s);
export const zone = (z) => (german() && GERMAN.zones[z]) || ZONES[z] || humanise(z);
export const compartmentState = (s) => (german() && GERMAN.states[s]) || COMPARTMENT_STATES[s] || humanise(s);

/** "5.2 °C"; one decimal, a real minus sign, "—" when there is no reading. */
export const celsius = (value) => {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${value.toFixed(1).replace('-', '−')} °C`;
};

const UNITS = [
  ['day', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
];

/** "just now", "4 min ago", "3 h ago", "2 days ago". */
export const ago = (iso, now = Date.now()) => {
  if (!iso) return german() ? 'nie' : 'never';
  const ms = now - Date.parse(iso);
  const justNow = german() ? 'gerade eben' : 'just now';
  if (ms < 45_000) return justNow;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(ms / size);
    if (n < 1) continue;
    if (german()) return `vor ${n} ${unit === 'day' ? (n > 1 ? 'Tagen' : 'Tag') : unit}`;
    return `${n} ${unit}${unit === 'day' && n > 1 ? 's' : ''} ago`;
  }
  return justNow;
};

const pad = (n) => String(n).padStart(2, '0');

/** "14:05" today, "Mon 14:05" this week, "2026-01-03 14:05" before: in the browser's time zone. */
export const when = (iso, now = Date.now()) => {
  if (!iso) return '—';
  const d = new Date(iso);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return time;
  if (now - d.getTime() < 6 * 86_400_000 && d.getTime() <= now) {
    return `${d.toLocaleDateString(german() ? 'de-DE' : 'en-GB', { weekday: 'short' })} ${time}`;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
};

/** Full local date and time, for tooltips. */
export const exact = (iso) => (iso ? new Date(iso).toLocaleString(german() ? 'de-DE' : 'en-GB') : '');

/** A station's display name: its label, or its id. */
export const stationName = (s) => s.label ?? s.stationLabel ?? s.stationId;

export const compartmentOf = (no) => {
  if (no === null || no === undefined) return german() ? 'Station' : 'station';
  return german() ? `Fach ${no}` : `compartment ${no}`;
};

/** True when the reading lies outside the zone's limits. */
export const outOfLimit = (value, limits) => {
  if (value === null || value === undefined || !limits) return false;
  return (
    (limits.upperCelsius !== null && value > limits.upperCelsius) ||
    (limits.lowerCelsius !== null && value < limits.lowerCelsius)
  );
};
