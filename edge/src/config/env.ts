/**
 * Environment overrides, applied to the raw file content before validation so that a bad value is
 * reported like one from the file (with the variable named). The list is the documentation.
 */
export interface EnvOverride {
  readonly env: string;
  readonly path: readonly string[];
  readonly type: 'string' | 'integer';
  readonly description: string;
}

export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { env: 'REGIOBOX_STATION_ID', path: ['stationId'], type: 'string', description: 'station id' },
  { env: 'REGIOBOX_DATA_DIR', path: ['dataDir'], type: 'string', description: 'data directory' },
  { env: 'REGIOBOX_LOG_LEVEL', path: ['logLevel'], type: 'string', description: 'log level' },
  { env: 'REGIOBOX_MQTT_URL', path: ['mqtt', 'url'], type: 'string', description: 'broker URL' },
  { env: 'REGIOBOX_MQTT_USERNAME', path: ['mqtt', 'username'], type: 'string', description: 'broker user' },
  {
    env: 'REGIOBOX_MQTT_PASSWORD_FILE',
    path: ['mqtt', 'passwordFile'],
    type: 'string',
    description: 'file holding the broker password',
  },
  {
    env: 'REGIOBOX_COMMAND_KEY_FILE',
    path: ['mqtt', 'commandKeyFile'],
    type: 'string',
    description: 'file holding the command signing key',
  },
  { env: 'REGIOBOX_SERIAL_PATH', path: ['hardware', 'path'], type: 'string', description: 'serial device' },
  {
    env: 'REGIOBOX_KIOSK_HOST',
    path: ['kiosk', 'host'],
    type: 'string',
    description: 'kiosk listen address',
  },
  { env: 'REGIOBOX_KIOSK_PORT', path: ['kiosk', 'port'], type: 'integer', description: 'kiosk listen port' },
];

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns a copy of `raw` with overrides applied, and which key paths came from which variable. */
export const applyEnvOverrides = (
  raw: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { value: unknown; sources: Map<string, string> } => {
  const sources = new Map<string, string>();
  if (!isRecord(raw)) return { value: raw, sources };
  const value: Raw = structuredClone(raw);
  for (const o of ENV_OVERRIDES) {
    const text = env[o.env];
    if (text === undefined || text === '') continue;
    let target: Raw = value;
    for (const key of o.path.slice(0, -1)) {
      const next = target[key];
      if (!isRecord(next)) target[key] = {};
      target = target[key] as Raw;
    }
    const leaf = o.path[o.path.length - 1] as string;
    // A non-numeric port stays a string so that validation names it as the wrong value.
    target[leaf] = o.type === 'integer' && /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    sources.set(o.path.join('.'), o.env);
  }
  return { value, sources };
};
