import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/**
 * Real MQTT clients for the authorisation tests, shared by the embedded-broker tests and the Mosquitto
 * system tests so that both brokers are held to the same observable behaviour.
 */
export interface Login {
  readonly username: string;
  readonly password: string;
}

export interface Received {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
}

export interface Probe {
  readonly client: MqttClient;
  readonly received: Received[];
  /** resolves once the connection is closed (for any reason) */
  readonly closed: Promise<void>;
  end(): Promise<void>;
}

export const until = async (what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Waits for the broker to drop a probe's connection; fails the test instead of hanging. */
export const closedWithin = async (probe: Probe, timeoutMs = 10_000): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the broker did not close the connection')), timeoutMs);
  });
  try {
    await Promise.race([probe.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

export const connectProbe = async (
  url: string,
  login: Login,
  options: Pick<IClientOptions, 'clientId' | 'protocolVersion'> = {},
): Promise<Probe> => {
  const client = await mqtt.connectAsync(url, {
    username: login.username,
    password: login.password,
    clientId: options.clientId ?? login.username,
    protocolVersion: options.protocolVersion ?? 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    clean: true,
  });
  const received: Received[] = [];
  client.on('message', (topic, payload, packet) =>
    received.push({ topic, payload: payload.toString(), retain: packet.retain }),
  );
  const closed = new Promise<void>((resolve) => {
    if (!client.connected) resolve();
    client.once('close', () => resolve());
  });
  return {
    client,
    received,
    closed,
    end: () => client.endAsync(true),
  };
};

/** The CONNACK return/reason code of a refused login, or 0 if the login succeeded. */
export const connectRefusal = async (
  url: string,
  login: Login,
  options: Pick<IClientOptions, 'clientId' | 'protocolVersion'> = {},
): Promise<number> => {
  try {
    const probe = await connectProbe(url, login, options);
    await probe.end();
    return 0;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    throw err;
  }
};

/** The granted QoS list of a SUBACK; 128 (MQTT 3.1.1) or >= 0x80 (MQTT 5) means refused. */
export const subscribeGranted = async (probe: Probe, filter: string): Promise<number[]> => {
  try {
    const grants = await probe.client.subscribeAsync(filter, { qos: 1 });
    return grants.map((g) => g.qos);
  } catch (err) {
    const granted = (err as { packet?: { granted?: number[] } }).packet?.granted;
    if (granted) return granted;
    throw err;
  }
};
