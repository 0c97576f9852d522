import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { TenantDirectory, tenantsFromConfig } from './tenants.js';

const key = (k: string) => ({ authorization: `Bearer ${k}` });
const hook = (id: string) => ({
  id,
  url: `https://${id}.example/hooks`,
  secret: 'sixteen-characters-secret',
});

describe('tenants in the bridge config', () => {
  it('a config from before tenants is the default tenant, which runs the network and sees every station', () => {
    const config = parseConfig({
      http: { apiKeys: [{ name: 'shop', key: 'the-old-marketplace-key-0123' }] },
      webhooks: { endpoints: [hook('shop')] },
    });
    const tenants = new TenantDirectory(tenantsFromConfig(config));
    const who = tenants.identify(key('the-old-marketplace-key-0123'));
    expect(who?.keyName).toBe('shop');
    expect(who?.caller).toMatchObject({ tenant: 'default', network: true });
    expect(who?.caller.sees('any-station')).toBe(true);
    expect(tenants.endpointsOf('default').map((e) => e.id)).toEqual(['shop']);
  });

  it('an API key belongs to its tenant, which sees only its stations and hears only its endpoints', () => {
    const config = parseConfig({
      http: { apiKeys: [{ name: 'operator', key: 'the-network-operator-key-0123' }] },
      dashboard: { stationGroups: { luebben: ['rathaus-1', 'bahnhof-1'] } },
      tenants: [
        { id: 'lorena', apiKeys: [{ name: 'l', key: 'lorena-marketplace-key-0123' }], webhooks: [hook('l')] },
        {
          id: 'spreewald',
          apiKeys: [{ name: 's', key: 'spreewald-marketplace-key-01' }],
          webhooks: [hook('s')],
          stationGroups: ['luebben'],
          stations: ['dorf-9'],
        },
      ],
    });
    const tenants = new TenantDirectory(tenantsFromConfig(config));
    const s = tenants.identify(key('spreewald-marketplace-key-01'))?.caller;
    expect(s).toMatchObject({ tenant: 'spreewald', network: false });
    expect(['rathaus-1', 'dorf-9', 'elsewhere-1'].map((id) => s?.sees(id))).toEqual([true, true, false]);
    expect(tenants.identify(key('lorena-marketplace-key-0123'))?.caller.tenant).toBe('lorena');
    expect(tenants.identify(key('no-such-key-at-all-012345'))).toBeUndefined();
    expect(tenants.endpointsOf('lorena').map((e) => e.id)).toEqual(['l']);
    // alarms at elsewhere-1 go to the tenants that use every station: lorena and the operator
    expect(tenants.tenantsAt('elsewhere-1').map((t) => t.id)).toEqual(['lorena', 'default']);
  });

  it('refuses a key of two tenants, an endpoint id used twice and an unknown station group, naming each', () => {
    const shared = 'a-key-two-tenants-would-share';
    const attempt = () =>
      parseConfig({
        webhooks: { endpoints: [hook('shop')] },
        tenants: [
          { id: 'a', apiKeys: [{ name: 'a', key: shared }], webhooks: [hook('shop')] },
          { id: 'b', apiKeys: [{ name: 'b', key: shared }], stationGroups: ['nowhere'] },
        ],
      });
    expect(() => attempt()).not.toThrow(shared);
    expect(attempt).toThrow(
      /tenants\.0\.webhooks\.0\.id = "shop": .*used already[\s\S]*tenants\.1\.apiKeys\.0\.key = \(hidden\): this key belongs to tenant a[\s\S]*tenants\.1\.stationGroups\.0 = "nowhere": no station group/,
    );
  });
});
