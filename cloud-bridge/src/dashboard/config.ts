import { StationId } from '@regiobox/contract';
import { z } from 'zod';

/** The self-describing scrypt format of `registry/password-hash.ts`. */
const SCRYPT_HASH = /^\$scrypt\$ln=\d{1,2},r=\d{1,2},p=\d{1,2}\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;

export const OperatorName = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u, 'letters, digits, ., _, @ and -; at most 64 characters');

export const OperatorCredential = z
  .object({
    name: OperatorName,
    /** never the password itself: `$scrypt$ln=…` from `hashOperatorPassword` */
    passwordHash: z.string().regex(SCRYPT_HASH, 'an scrypt hash ($scrypt$ln=…), see hashOperatorPassword'),
  })
  .strict();
export type OperatorCredential = z.infer<typeof OperatorCredential>;

/**
 * The operators' dashboard. The bridge config embeds it as `dashboard`; every key has its default
 * here. Without operators nobody can log in, so the dashboard stays closed.
 */
export const DashboardConfig = z
  .object({
    operators: z
      .array(OperatorCredential)
      .default([])
      .refine((ops) => new Set(ops.map((o) => o.name)).size === ops.length, 'operator names must be unique'),
    /**
     * Key for the session cookies' HMAC, at least 32 characters. Without it a random key is drawn at
     * every start, which logs every operator out when the bridge restarts; several bridge instances
     * behind one address need the same key.
     */
    sessionSecret: z.string().min(32, 'at least 32 characters').optional(),
    /** a session ends this long after the login, whatever happens in between */
    sessionHours: z.coerce.number().min(0.25).max(168).default(12),
    /** `auto`: the cookie is marked Secure when the request came over HTTPS (see fastify trustProxy) */
    secureCookie: z.enum(['auto', 'always', 'never']).default('auto'),
    /** failed logins from one address within the window before further attempts are refused */
    maxFailedLogins: z.coerce.number().int().min(1).max(1000).default(5),
    failedLoginWindowSeconds: z.coerce.number().int().min(1).default(900),
    /** human names shown beside the station ids, e.g. `lindenau-dorfladen: Dorfladen Lindenau` */
    stationLabels: z.record(StationId, z.string().min(1).max(80)).default({}),
  })
  .strict();

export type DashboardConfig = z.output<typeof DashboardConfig>;
export type DashboardConfigInput = z.input<typeof DashboardConfig>;
