import { Zone, ZoneThresholdsOverride } from '@regiobox/contract';
import type { ProbeConfig } from '@regiobox/hardware-api';
import { z } from 'zod';

/**
 * A shop counter's config: storage places instead of lock compartments, and the staff who hand the
 * parcels over. A place (a shelf, a fridge, the freezer) holds many parcels and has no lock or door.
 */

const placeName = z.string().min(1).max(60);

export const PlaceType = z.enum(['shelf', 'fridge', 'freezer']);
export type PlaceType = z.infer<typeof PlaceType>;

/** The zone a place keeps unless its config says otherwise. */
export const PLACE_ZONE: Readonly<Record<PlaceType, Zone>> = {
  shelf: 'ambient',
  fridge: 'chilled',
  freezer: 'frozen',
};

export const PlaceConfig = z
  .strictObject({
    no: z
      .number()
      .int()
      .min(1)
      .max(999)
      .describe('number of the place, unique; events name it as `compartment`'),
    type: PlaceType.describe('shelf, fridge or freezer'),
    name: z
      .union([
        placeName,
        z
          .strictObject({ de: placeName.optional(), en: placeName.optional() })
          .refine((t) => t.de !== undefined || t.en !== undefined, 'give the name in at least one language'),
      ])
      .describe('what staff see, e.g. "Regal 2" or `{ de: "Kühlschrank links", en: "left fridge" }`'),
    zone: Zone.optional().describe(
      'temperature zone; by default shelf → ambient, fridge → chilled, freezer → frozen',
    ),
    probes: z.array(z.string().min(1)).default([]).describe('ids of the probes (see `probes`) measuring it'),
    thresholds: ZoneThresholdsOverride.optional().describe("this place's own limits over its zone's"),
  })
  .describe('one storage place of a counter');
export type PlaceConfig = z.infer<typeof PlaceConfig>;

export const StaffMember = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'lower-case letters, digits, dots, dashes')
      .describe('login name; every hand-over and delivery records it'),
    name: z.string().min(1).max(60).describe('shown on the staff page'),
    passwordHash: z
      .string()
      .regex(
        /^\$scrypt\$ln=\d{1,2},r=\d{1,2},p=\d{1,2}\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/,
        'a hash from `staff-hash`',
      )
      .describe(
        'scrypt hash of the password, from `node edge/dist/cli/main.js staff-hash`; never the password',
      ),
  })
  .describe('one member of the shop staff');
export type StaffMember = z.infer<typeof StaffMember>;

export const CounterSettings = z
  .strictObject({
    sessionMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(12 * 60)
      .describe('a staff login lasts this long (a shift)'),
    maxLoginFailures: z
      .number()
      .int()
      .min(3)
      .max(50)
      .default(5)
      .describe('wrong passwords for one staff member within 15 minutes before that login waits'),
  })
  .describe('the staff page of a counter');

/** A place needs no lock or door: the core's compartment of a place has none. */
export const NO_CHANNEL = -1;

interface CounterFields {
  readonly kind: 'locker' | 'counter' | 'van';
  readonly compartments: readonly unknown[];
  readonly places: readonly PlaceConfig[];
  readonly staff: readonly StaffMember[];
  readonly probes: readonly ProbeConfig[];
}

const issue = (ctx: z.RefinementCtx, path: (string | number)[], message: string, input?: unknown) =>
  ctx.addIssue({ code: 'custom', path, input, message });

/** A counter has places and staff and no compartments; a locker or van the other way round. */
export const checkCounter = (cfg: CounterFields, ctx: z.RefinementCtx): void => {
  if (cfg.kind !== 'counter') {
    if (cfg.compartments.length === 0)
      issue(ctx, ['compartments'], `is required: a ${cfg.kind} needs at least one compartment`);
    if (cfg.places.length > 0) issue(ctx, ['places'], 'are only for a counter (kind: counter)');
    if (cfg.staff.length > 0) issue(ctx, ['staff'], 'are only for a counter (kind: counter)');
    return;
  }
  if (cfg.compartments.length > 0)
    issue(
      ctx,
      ['compartments'],
      'are not for a counter: it has no locks; give its storage places in `places`',
    );
  if (cfg.places.length === 0) issue(ctx, ['places'], 'is empty: a counter needs at least one storage place');
  if (cfg.staff.length === 0) issue(ctx, ['staff'], 'is empty: a counter needs at least one staff login');
  const seen = new Set<number>();
  cfg.places.forEach((p, i) => {
    if (seen.has(p.no))
      issue(ctx, ['places', i, 'no'], 'is already used; place numbers must be unique', p.no);
    seen.add(p.no);
  });
  const staffIds = new Set<string>();
  cfg.staff.forEach((s, i) => {
    if (staffIds.has(s.id)) issue(ctx, ['staff', i, 'id'], 'is already used; staff ids must be unique', s.id);
    staffIds.add(s.id);
  });
  const probeIds = new Set(cfg.probes.map((p) => p.id));
  cfg.places.forEach((p, i) => {
    p.probes.forEach((id, j) => {
      if (!probeIds.has(id))
        issue(
          ctx,
          ['places', i, 'probes', j],
          `is not a probe id defined in probes (${[...probeIds].join(', ') || 'none defined'})`,
          id,
        );
    });
  });
};

/**
 * The core keeps, watches and records a counter's places as it does compartments (zone, probes,
 * limits, cold chain, alarms, HACCP): one per place, without a lock or a door, large enough for
 * anything. What makes it a place — many parcels, handed over by staff — is the counter's business.
 */
export const placeAsCompartment = (p: PlaceConfig) => ({
  no: p.no,
  lockChannel: NO_CHANNEL,
  doorInput: NO_CHANNEL,
  size: 'L' as const,
  zone: p.zone ?? PLACE_ZONE[p.type],
  probes: p.probes,
  location: p.name,
  ...(p.thresholds ? { thresholds: p.thresholds } : {}),
});
