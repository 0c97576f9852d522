import type { CommandBody } from '@regiobox/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { readAudit } from '../parts/link.js';
import { StationFixture } from '../station/testing/station-fixture.js';
import { AuditRepo } from '../store/audit-repo.js';
import { createCommandRouter } from './router.js';

const notHere = async (): Promise<never> => {
  throw new Error('not part of this test');
};
const deadline = '2030-01-03T18:00:00.000Z';

const reserve = (tenant: string | undefined, zone: 'ambient' | 'chilled' = 'ambient'): CommandBody => ({
  type: 'reserve',
  ...(tenant ? { tenant } : {}),
  orderId: 'o-1',
  parcels: [{ parcelId: 'p-1', producer: 'farm', zone, size: 'S', deadline }],
});

describe('tenants sharing a station', () => {
  let f: StationFixture;
  afterEach(() => f.close());

  const start = async (tenants?: ConstructorParameters<typeof StationFixture>[0]) => {
    f = new StationFixture(tenants);
    await f.start();
    const handler = createCommandRouter({
      station: f.station,
      acknowledgeAlarm: notHere,
      setThresholds: notHere,
      setTour: notHere,
      resendState: notHere,
      readAudit: (query) => readAudit(new AuditRepo(f.db), query),
    });
    let n = 0;
    return (command: CommandBody) => handler(command, { commandId: `cmd-${++n}`, receivedAt: new Date() });
  };

  it('two tenants use the same order id at one station without mixing anything', async () => {
    const route = await start();
    const a = await route(reserve('lorena'));
    const b = await route(reserve('spreewald'));
    expect(a.orderId).toBe('o-1');
    expect(b.orderId).toBe('o-1');
    expect(a.parcels).not.toEqual(b.parcels);
    expect(f.eventsOf('order.reserved').map((e) => [e.tenant, e.orderId])).toEqual([
      ['lorena', 'o-1'],
      ['spreewald', 'o-1'],
    ]);
    expect(f.eventsOf('codes.issued').map((e) => e.tenant)).toEqual(['lorena', 'spreewald']);

    // a command names the order within its tenant: spreewald's cancel leaves lorena's order alone
    await route({ type: 'cancel', tenant: 'spreewald', orderId: 'o-1', reason: 'changed mind' });
    expect(f.eventsOf('order.cancelled').map((e) => [e.tenant, e.orderId])).toEqual([['spreewald', 'o-1']]);
    const busy = f.station.snapshot().filter((c) => c.state === 'reserved');
    expect(busy.map((c) => [c.orderId, c.tenant])).toEqual([['o-1', 'lorena']]);

    // the audit log names the order as a person reads it, never the station's internal key
    await route({ type: 'extend', tenant: 'lorena', orderId: 'o-1', deadline, by: 'op-anna' });
    const audit = await route({ type: 'read_audit', limit: 10 });
    const extended = (audit.entries as { action: string; orderId: string | null }[]).filter(
      (e) => e.action === 'deadline_extended',
    );
    expect(extended.map((e) => e.orderId)).toEqual(['lorena/o-1']);

    // the same id once more for a tenant that has it is a duplicate; for a third tenant it is new
    await expect(route(reserve('lorena'))).rejects.toMatchObject({ code: 'DUPLICATE_ORDER' });
    await expect(
      route({ type: 'cancel', tenant: 'hofladen', orderId: 'o-1', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_ORDER' });
  });

  it('an order without a tenant is the default tenant’s, as from a bridge before tenants', async () => {
    const route = await start();
    await route(reserve(undefined));
    expect(f.eventsOf('order.reserved').map((e) => e.tenant)).toEqual(['default']);
    await expect(
      route({ type: 'cancel', tenant: 'lorena', orderId: 'o-1', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_ORDER',
    });
    await route({ type: 'cancel', orderId: 'o-1', reason: 'x' });
    expect(f.eventsOf('order.cancelled').map((e) => e.tenant)).toEqual(['default']);
  });

  it('a tenant gets only the compartments reserved to it or the shared pool, and one admitted nowhere is refused', async () => {
    const route = await start({
      tenants: {
        admitted: ['lorena', 'spreewald'],
        reservedCompartments: { lorena: [1, 2], spreewald: [4] },
      },
    });
    // ambient 1 and 2 are lorena's, 3 is the shared pool; chilled 4 is spreewald's, 5 shared
    const s1 = await route(reserve('spreewald'));
    expect(s1.parcels).toMatchObject([{ compartment: 3 }]);
    // lorena's ambient compartments stay free, yet spreewald finds none
    await expect(route({ ...reserve('spreewald'), orderId: 'o-2' } as CommandBody)).rejects.toMatchObject({
      code: 'NO_FREE_COMPARTMENT',
    });
    const l1 = await route(reserve('lorena'));
    expect(l1.parcels).toMatchObject([{ compartment: 1 }]);
    const chilled = await route({ ...reserve('lorena', 'chilled'), orderId: 'o-4' } as CommandBody);
    expect(chilled.parcels).toMatchObject([{ compartment: 5 }]);
    await expect(route(reserve('hofladen'))).rejects.toMatchObject({ code: 'TENANT_NOT_ADMITTED' });
    expect(f.station.snapshot().map((c) => [c.no, c.tenants])).toEqual([
      [1, ['lorena']],
      [2, ['lorena']],
      [3, null],
      [4, ['spreewald']],
      [5, null],
      [6, null],
      [7, null],
    ]);
  });
});
