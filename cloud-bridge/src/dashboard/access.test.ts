import { describe, expect, it } from 'vitest';
import { accessFor } from './access.js';
import { DashboardConfig } from './config.js';

const HASH = '$scrypt$ln=10,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const config = DashboardConfig.parse({
  stationGroups: { lindenau: ['lindenau-dorfladen', 'lindenau-kita'], spreewald: ['burg-bahnhof'] },
  operators: [
    { name: 'anna', passwordHash: HASH, role: 'admin', groups: ['spreewald'] },
    { name: 'jonas', passwordHash: HASH, role: 'operator', groups: ['lindenau'], language: 'de' },
    { name: 'gast', passwordHash: HASH, role: 'viewer', groups: ['spreewald'] },
    { name: 'mara', passwordHash: HASH },
  ],
});

describe('operator roles and station groups', () => {
  it('an operator sees and acts only on the stations of its groups', () => {
    const jonas = accessFor(config, 'jonas');
    expect(jonas.canAct).toBe(true);
    expect(jonas.sees('lindenau-kita')).toBe(true);
    expect(jonas.sees('burg-bahnhof')).toBe(false);
    expect(jonas.language).toBe('de');
  });

  it('a viewer sees its groups and cannot act', () => {
    const gast = accessFor(config, 'gast');
    expect(gast.canAct).toBe(false);
    expect(gast.sees('burg-bahnhof')).toBe(true);
    expect(gast.sees('lindenau-kita')).toBe(false);
  });

  it('an admin sees every station whatever groups it names', () => {
    expect(accessFor(config, 'anna').sees('lindenau-kita')).toBe(true);
  });

  it('an operator without groups sees the whole fleet', () => {
    expect(accessFor(config, 'mara')).toMatchObject({ role: 'operator', canAct: true, groups: null });
  });

  it('a config naming a group that does not exist is refused, naming the operator', () => {
    const bad = DashboardConfig.safeParse({
      operators: [{ name: 'jonas', passwordHash: HASH, groups: ['havelland'] }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['operators', 0, 'groups'],
      message: 'no station group havelland in stationGroups',
    });
  });
});
