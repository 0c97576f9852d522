import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrokerConnection, type ConnectionOptions } from './connection.js';
import { TcpProxy } from './testing/tcp-proxy.js';
import { TestBroker } from './testing/test-broker.js';
import { until } from './testing/until.js';
import { connectSocket, parseBrokerUrl } from './transport.js';

describe('one broker connection', () => {
  let broker: TestBroker;
  let proxy: TcpProxy;
  const open: BrokerConnection[] = [];

  const options = (url: string, keepaliveSeconds = 30): ConnectionOptions => ({
    target: parseBrokerUrl(url),
    socketFactory: connectSocket,
    clientId: `conn-test-${open.length}`,
    keepaliveSeconds,
    connectTimeoutMs: 2_000,
    protocolVersion: 4,
    will: { topic: 'regiobox/v1/stations/conn-test/status', payload: '{}' },
  });
  const connect = async (url: string, keepaliveSeconds?: number) => {
    const c = await BrokerConnection.open(options(url, keepaliveSeconds));
    open.push(c);
    return c;
  };

  beforeEach(async () => {
    broker = await TestBroker.start();
    proxy = await TcpProxy.start(broker.port);
  });

  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await proxy.close();
    await broker.close();
  });

  it('settles every pending publish with LINK_CLOSED when closed during a partition, instead of hanging', async () => {
    const connection = await connect(proxy.url);
    await connection.publish('t/ok', 'acknowledged'); // the path works
    proxy.partition();
    const pending = [1, 2, 3].map((n) => connection.publish('t/lost', `never acknowledged ${n}`));
    const outcomes = Promise.allSettled(pending);
    connection.close();
    const settled = await outcomes;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(settled.map((s) => (s.status === 'rejected' ? (s.reason as { code?: string }).code : ''))).toEqual(
      ['LINK_CLOSED', 'LINK_CLOSED', 'LINK_CLOSED'],
    );
    await expect(connection.publish('t/after', 'x')).rejects.toMatchObject({ code: 'LINK_CLOSED' });
  });

  it('rejects pending publishes and reports the loss when keepalive gives up on a silent path', async () => {
    const connection = await connect(proxy.url, 1);
    let lost: Error | undefined;
    connection.onLost((reason) => {
      lost = reason;
    });
    proxy.partition();
    const pending = connection.publish('t/lost', 'never acknowledged');
    await expect(pending).rejects.toMatchObject({ code: 'LINK_CLOSED' });
    await until('loss reported', () => lost);
    expect(connection.closed).toBe(true);
  });

  it('fails to open with an error, and leaves nothing open, when nothing listens', async () => {
    await broker.stopNetwork();
    await expect(BrokerConnection.open(options(broker.url))).rejects.toThrow();
  });

  it('fails to open within its connect timeout when the path is silent', async () => {
    proxy.partition();
    const started = Date.now();
    await expect(BrokerConnection.open(options(proxy.url))).rejects.toThrow(/connack timeout/);
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});
