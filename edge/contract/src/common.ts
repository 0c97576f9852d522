import { z } from 'zod';

export const CONTRACT_VERSION = 1;

/** Largest payload either side accepts on any topic; larger messages are rejected unparsed. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export const StationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes');
export const IsoTime = z.iso.datetime({ offset: true });
export const Zone = z.enum(['ambient', 'chilled', 'cold', 'frozen']);
export const Size = z.enum(['S', 'M', 'L']);
export const CompartmentNo = z.number().int().min(1).max(999);
/** no control characters: a station keeps (tenant, order id) under one key joined by one */
export const OrderId = z
  .string()
  .min(1)
  .max(64)
  .refine((s) => !/\p{Cc}/u.test(s), 'no control characters');
export const ParcelId = z.string().min(1).max(64);

/**
 * What kind of pick-up point a station is: a locker wall or cold box (locks and doors), a counter in a
 * shop (staff hand parcels over, no locks), or a sales van on a tour. One contract for all three.
 */
export const StationKind = z.enum(['locker', 'counter', 'van']);
export type StationKind = z.infer<typeof StationKind>;

/**
 * The marketplace (tenant) an order belongs to. Order ids are unique per tenant, not per station: two
 * tenants may use the same order id at one station. Messages from before tenants carry none, and
 * mean the one tenant there was.
 */
export const TenantId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and -');
export type TenantId = z.infer<typeof TenantId>;
export const DEFAULT_TENANT = 'default';
/**
 * `tenant` on an order command or event. Optional on the wire so that stations and bridges from
 * before tenants interoperate; absent means `default` (read it with `tenantOf`).
 */
export const OrderTenant = TenantId.optional();
export const tenantOf = (m: { readonly tenant?: string | null | undefined }): string =>
  m.tenant ?? DEFAULT_TENANT;

export const CompartmentStateName = z.enum(['free', 'reserved', 'loaded', 'open', 'blocked']);

/**
 * A parcel's lifecycle, as the station keeps it and the marketplace sees it. `held` is the cold-chain
 * block: goods that may be spoiled wait there for a recorded decision.
 */
export const ParcelState = z.enum([
  'reserved',
  'loaded',
  'picked_up',
  'expired',
  'retrieved',
  'cancelled',
  'held',
  'discarded',
]);
export type ParcelState = z.infer<typeof ParcelState>;

export type Zone = z.infer<typeof Zone>;
export type Size = z.infer<typeof Size>;
