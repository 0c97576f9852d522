import type { TestBridge } from '@regiobox/cloud-bridge/testing';

/** What one tenant knows of its own orders: ids no other tenant may learn or touch. */
export interface TenantSecrets {
  readonly tenant: string;
  readonly orderIds: readonly string[];
  readonly reservationIds: readonly string[];
}

export interface ProbeTally {
  attempts: number;
  /** answered exactly as for an id that never existed */
  refused: number;
  /** anything else: a status other than 404, a body naming the other tenant or its ids */
  readonly leaks: string[];
}

const deadline = () => new Date(Date.now() + 3 * 86_400_000).toISOString();

/**
 * Every read and command a tenant could aim at another tenant's order or reservation, each sent
 * with the attacker's key. A refusal must be indistinguishable from an unknown id: same status,
 * same code, same text with only the id changed.
 */
export const probeForeignOrders = async (
  t: TestBridge,
  attackerKey: string,
  victim: TenantSecrets,
  tally: ProbeTally,
): Promise<void> => {
  const asAttacker = { auth: attackerKey };
  const requests: [string, 'GET' | 'POST', (id: string) => string, unknown][] = [];
  for (const id of victim.orderIds) {
    requests.push(
      [id, 'GET', (x) => `/v1/orders/${x}`, undefined],
      [id, 'POST', (x) => `/v1/orders/${x}/cancel`, { reason: 'not mine' }],
      [id, 'POST', (x) => `/v1/orders/${x}/extend`, { deadline: deadline() }],
      [
        id,
        'POST',
        (x) => `/v1/orders/${x}/parcels/p-1/hold-decision`,
        { decision: 'release', by: 'intruder', why: 'probing' },
      ],
    );
  }
  for (const id of victim.reservationIds) {
    requests.push([id, 'GET', (x) => `/v1/reservations/${x}`, undefined]);
  }
  for (const [id, method, path, body] of requests) {
    tally.attempts++;
    const foreign = await t.api(method, path(id), body, asAttacker);
    const foreignText = await foreign.text();
    const missingId = `never-${id}`;
    const missing = await t.api(method, path(missingId), body, asAttacker);
    const missingText = (await missing.text()).replaceAll(missingId, id);
    const what = `${method} ${path(id)}`;
    if (foreign.status !== 404) tally.leaks.push(`${what}: ${foreign.status}`);
    else if (foreignText !== missingText) tally.leaks.push(`${what}: answers unlike an unknown id`);
    // the id the attacker sent comes back in the text; nothing else may name the victim
    else if (foreignText.replaceAll(id, '').includes(victim.tenant))
      tally.leaks.push(`${what}: names ${victim.tenant}`);
    else tally.refused++;
  }
};

/**
 * The tenant's views of the shared station and of the alarm list: they may show the station, never
 * the other tenant's name or order ids. Each view is one attempt.
 */
export const probeSharedViews = async (
  t: TestBridge,
  attackerKey: string,
  stationId: string,
  victim: TenantSecrets,
  tally: ProbeTally,
): Promise<void> => {
  const paths = [
    `/v1/stations/${stationId}/events?limit=500`,
    `/v1/stations/${stationId}`,
    '/v1/stations',
    '/v1/alarms?state=all',
  ];
  for (const path of paths) {
    tally.attempts++;
    const res = await t.api('GET', path, undefined, { auth: attackerKey });
    const text = await res.text();
    const named = [victim.tenant, ...victim.orderIds.filter((id) => id.includes(victim.tenant))].filter((s) =>
      text.includes(`"${s}"`),
    );
    if (res.status !== 200) tally.leaks.push(`GET ${path}: ${res.status}`);
    else if (named.length > 0) tally.leaks.push(`GET ${path}: shows ${named.join(', ')}`);
    else tally.refused++;
  }
};
