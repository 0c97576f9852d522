import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OPERATOR, startTestBridge, type TestBridge, testHash, until } from '@regiobox/cloud-bridge/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { type LinkedStation, startLinkedStation } from './testing/linked-station.js';

const STATION = 'kuehlbox-eskalation';

/** A local SMTP receiver on 127.0.0.1:0 that keeps every message it is given. */
const startSmtp = async () => {
  const mails: { to: string[]; text: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let text = '';
      stream.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { mails, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

/** A local webhook receiver that keeps every JSON body posted to it. */
const startHook = async () => {
  const bodies: { type: string; alarm: { kind: string; stationId: string } }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      bodies.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    bodies,
    url: `http://127.0.0.1:${port}/escalations`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

describe('an unacknowledged critical alarm escalates, with a real station', () => {
  let t: TestBridge | undefined;
  let linked: LinkedStation | undefined;
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  let hook: Awaited<ReturnType<typeof startHook>> | undefined;

  afterAll(async () => {
    await linked?.dispose();
    await t?.dispose();
    await smtp?.close();
    await hook?.close();
  });

  it('a warm fridge nobody acknowledges reaches the SMTP receiver and the webhook receiver', async () => {
    smtp = await startSmtp();
    hook = await startHook();
    t = await startTestBridge({
      dashboard: {
        operators: [{ name: OPERATOR.name, passwordHash: await testHash(OPERATOR.password) }],
        escalation: {
          afterSeconds: 1,
          webhookUrl: hook.url,
          smtp: {
            url: `smtp://127.0.0.1:${smtp.port}`,
            from: 'regiobox@bridge.test',
            to: ['bereitschaft@lindenau.test'],
          },
        },
      },
    });
    linked = await startLinkedStation(t, STATION);
    const { station, board } = linked;
    await station.monitor.setThresholds('chilled', { delaySeconds: 1 });
    const bridge = t.bridge;
    await until(
      'station online',
      async () => (await bridge.store.presence(STATION))?.state === 'online',
      15_000,
    );

    board.setProbe(0, 11.5);
    const received = hook;
    const mailbox = smtp;
    await until('the webhook receiver got the escalation', () => received.bodies.length > 0, 30_000);
    await until('the SMTP receiver got the escalation', () => mailbox.mails.length > 0, 30_000);

    expect(received.bodies[0]).toMatchObject({
      type: 'alarm.escalated',
      alarm: { kind: 'temperature_high', stationId: STATION, severity: 'critical', acknowledged: null },
    });
    expect(mailbox.mails[0]?.to).toEqual(['bereitschaft@lindenau.test']);
    expect(mailbox.mails[0]?.text).toContain('Subject: [regiobox] critical alarm not acknowledged');
    expect(mailbox.mails[0]?.text).toContain(`temperature_high at ${STATION}, compartment 1`);
    // once per alarm, not at every sweep
    await new Promise((r) => setTimeout(r, 6000));
    expect(received.bodies).toHaveLength(1);
    expect(mailbox.mails).toHaveLength(1);
  }, 90_000);
});
