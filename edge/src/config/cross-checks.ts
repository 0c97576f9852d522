import type { HardwareConfig, ProbeConfig } from '@regiobox/hardware-api';
import type { z } from 'zod';

interface CheckedConfig {
  readonly compartments: readonly {
    readonly no: number;
    readonly lockChannel: number;
    readonly doorInput: number;
    readonly probes: readonly string[];
  }[];
  readonly probes: readonly ProbeConfig[];
  readonly hardware: HardwareConfig;
  readonly codes: {
    readonly lockout: { readonly maxDelaySeconds: number; readonly forgetAfterMinutes: number };
  };
}

type Ctx = z.RefinementCtx;

const reportDuplicates = <T>(
  ctx: Ctx,
  items: readonly T[],
  key: (item: T) => string | number,
  pathOf: (index: number) => (string | number)[],
  what: string,
): void => {
  const firstAt = new Map<string | number, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = firstAt.get(k);
    if (first === undefined) firstAt.set(k, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: pathOf(i),
        input: k,
        message: `is already used by ${pathOf(first)
          .join('.')
          .replace(/\.(\d+)/g, '[$1]')}; ${what} must be unique`,
      });
  });
};

/** Rules that span fields: what zod's per-field checks cannot see. */
export const checkCrossReferences = (cfg: CheckedConfig, ctx: Ctx): void => {
  const c = cfg.compartments;
  reportDuplicates(
    ctx,
    c,
    (x) => x.no,
    (i) => ['compartments', i, 'no'],
    'compartment numbers',
  );
  reportDuplicates(
    ctx,
    c,
    (x) => x.lockChannel,
    (i) => ['compartments', i, 'lockChannel'],
    'lock channels',
  );
  reportDuplicates(
    ctx,
    c,
    (x) => x.doorInput,
    (i) => ['compartments', i, 'doorInput'],
    'door inputs',
  );
  reportDuplicates(
    ctx,
    cfg.probes,
    (p) => p.id,
    (i) => ['probes', i, 'id'],
    'probe ids',
  );

  const probeIds = new Set(cfg.probes.map((p) => p.id));
  c.forEach((comp, i) => {
    comp.probes.forEach((id, j) => {
      if (!probeIds.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['compartments', i, 'probes', j],
          input: id,
          message: `is not a probe id defined in probes (${[...probeIds].join(', ') || 'none defined'})`,
        });
    });
  });

  // A lock that outlasts the memory of wrong codes would reset the back-off after every wait.
  const lockout = cfg.codes.lockout;
  if (lockout.maxDelaySeconds >= lockout.forgetAfterMinutes * 60)
    ctx.addIssue({
      code: 'custom',
      path: ['codes', 'lockout', 'maxDelaySeconds'],
      input: lockout.maxDelaySeconds,
      message: `must be shorter than codes.lockout.forgetAfterMinutes (${lockout.forgetAfterMinutes} min), or every wait resets the back-off`,
    });

  const hw = cfg.hardware;
  // The commercial lock boards measure nothing: their probes are DS18B20s on the one-wire bus, as with GPIO.
  const oneWireProbes =
    hw.driver === 'gpio' ||
    hw.driver === 'kerong-cu' ||
    hw.driver === 'modbus-relay' ||
    hw.driver === 'one-wire';
  cfg.probes.forEach((p, i) => {
    if (oneWireProbes && p.oneWireId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['probes', i, 'oneWireId'],
        input: undefined,
        message: `is required with the ${hw.driver} driver (probes are one-wire sensors)`,
      });
    if (!oneWireProbes && p.boardIndex === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['probes', i, 'boardIndex'],
        input: undefined,
        message: `is required with the ${hw.driver} driver (probes are read by the board)`,
      });
  });
  const outputs = lockBoardSize(hw);
  if (outputs !== null) {
    c.forEach((comp, i) => {
      if (comp.lockChannel >= outputs.locks)
        ctx.addIssue({
          code: 'custom',
          path: ['compartments', i, 'lockChannel'],
          input: comp.lockChannel,
          message: `has no lock: ${outputs.what} give lock channels 0–${outputs.locks - 1}`,
        });
      if (comp.doorInput >= outputs.doors)
        ctx.addIssue({
          code: 'custom',
          path: ['compartments', i, 'doorInput'],
          input: comp.doorInput,
          message: `has no door switch: ${outputs.what} give door inputs 0–${outputs.doors - 1}`,
        });
    });
  }
  if (hw.driver === 'gpio') {
    c.forEach((comp, i) => {
      if (comp.lockChannel >= hw.relays.length)
        ctx.addIssue({
          code: 'custom',
          path: ['compartments', i, 'lockChannel'],
          input: comp.lockChannel,
          message: `has no relay: hardware.relays defines channels 0–${hw.relays.length - 1}`,
        });
      if (comp.doorInput >= hw.doorSwitches.length)
        ctx.addIssue({
          code: 'custom',
          path: ['compartments', i, 'doorInput'],
          input: comp.doorInput,
          message: `has no switch: hardware.doorSwitches defines inputs 0–${hw.doorSwitches.length - 1}`,
        });
    });
  }
};

/** How many locks and doors a commercial board config provides; null where the config does not say. */
function lockBoardSize(hw: HardwareConfig): { locks: number; doors: number; what: string } | null {
  if (hw.driver === 'kerong-cu') {
    const n = hw.boards.length * 16;
    return { locks: n, doors: n, what: `${hw.boards.length} Kerong board(s) in hardware.boards` };
  }
  if (hw.driver === 'modbus-relay') {
    return { locks: hw.relays, doors: hw.doorInputs, what: 'hardware.relays and hardware.doorInputs' };
  }
  return null;
}
