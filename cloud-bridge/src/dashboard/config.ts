import { StationId } from '@regiobox/contract';
import { z } from 'zod';
import { TrustedProxies } from './forwarded.js';

/** The self-describing scrypt format of `registry/password-hash.ts`. */
const SCRYPT_HASH = /^\$scrypt\$ln=\d{1,2},r=\d{1,2},p=\d{1,2}\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;

const isAddressOrNetwork = (entry: string): boolean => {
  try {
    return new TrustedProxies([entry]).size === 1;
  } catch {
    return false;
  }
};

export const OperatorName = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u, 'letters, digits, ., _, @ and -; at most 64 characters');

export const GroupName = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u, 'letters, digits, ., _ and -; at most 64 characters');

/** admin: every station, every action; operator: acts on the stations of its groups; viewer: only looks. */
export const OperatorRole = z.enum(['admin', 'operator', 'viewer']);
export type OperatorRole = z.infer<typeof OperatorRole>;

export const DashboardLanguage = z.enum(['de', 'en']);
export type DashboardLanguage = z.infer<typeof DashboardLanguage>;

export const OperatorCredential = z
  .object({
    name: OperatorName,
    /** never the password itself: `$scrypt$ln=…` from `hashOperatorPassword` */
    passwordHash: z.string().regex(SCRYPT_HASH, 'an scrypt hash ($scrypt$ln=…), see hashOperatorPassword'),
    role: OperatorRole.default('operator'),
    /** the station groups (`stationGroups`) this operator sees; absent: every station */
    groups: z.array(GroupName).min(1).optional(),
    /** the dashboard's language for this operator; absent: the browser's Accept-Language */
    language: DashboardLanguage.optional(),
  })
  .strict();
export type OperatorCredential = z.infer<typeof OperatorCredential>;

/** Where an unacknowledged critical alarm goes after `afterSeconds`. */
export const EscalationConfig = z
  .object({
    afterSeconds: z.coerce.number().int().min(1).max(86_400).default(900),
    /** receives `{ type: 'alarm.escalated', alarm, stationLabel }` as a JSON POST */
    webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
    smtp: z
      .object({
        /** `smtps://user:pass@mail.example:465` or `smtp://relay.local:25` (nodemailer's URL form) */
        url: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL'),
        from: z.string().min(3),
        to: z.array(z.email()).min(1),
      })
      .strict()
      .optional(),
  })
  .strict();
export type EscalationConfig = z.output<typeof EscalationConfig>;

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
    /** station groups by name — a town, a region — each a list of station ids */
    stationGroups: z.record(GroupName, z.array(StationId).min(1)).default({}),
    /** remote service openings one operator may send within `serviceOpenWindowMinutes` */
    serviceOpensPerWindow: z.coerce.number().int().min(1).max(100).default(3),
    serviceOpenWindowMinutes: z.coerce.number().int().min(1).max(1440).default(10),
    /** critical alarms nobody acknowledged go to a webhook and by mail; absent: no escalation */
    escalation: EscalationConfig.optional(),
    /**
     * Key for the session cookies' HMAC, at least 32 characters. Without it a random key is drawn at
     * every start, which logs every operator out when the bridge restarts.
     */
    sessionSecret: z.string().min(32, 'at least 32 characters').optional(),
    /** a session ends this long after the login, whatever happens in between */
    sessionHours: z.coerce.number().min(0.25).max(168).default(12),
    /**
     * Reverse proxies (addresses or networks such as `10.0.0.0/8`) whose X-Forwarded-For, -Proto and
     * -Host the dashboard believes: for the login throttle's client address, the Secure cookie and
     * the origin check. Empty: the socket's own address and scheme count.
     */
    trustedProxies: z
      .array(z.string().refine(isAddressOrNetwork, 'an IP address or network (10.0.0.0/8)'))
      .default([]),
    /** `auto`: the cookie is marked Secure when the browser reached the bridge over HTTPS (directly or through a trusted proxy) */
    secureCookie: z.enum(['auto', 'always', 'never']).default('auto'),
    /** failed logins of one operator name from one address within the window before that pair is refused */
    maxFailedLogins: z.coerce.number().int().min(1).max(1000).default(5),
    /** failed logins from one address, whatever the names, within the window before the address is refused */
    maxFailedLoginsPerAddress: z.coerce.number().int().min(1).max(10_000).default(50),
    failedLoginWindowSeconds: z.coerce.number().int().min(1).default(900),
    /** human names shown beside the station ids, e.g. `lindenau-dorfladen: Dorfladen Lindenau` */
    stationLabels: z.record(StationId, z.string().min(1).max(80)).default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const [i, op] of c.operators.entries())
      for (const group of op.groups ?? [])
        if (!(group in c.stationGroups))
          ctx.addIssue({
            code: 'custom',
            path: ['operators', i, 'groups'],
            message: `no station group ${group} in stationGroups`,
          });
  });

export type DashboardConfig = z.output<typeof DashboardConfig>;
export type DashboardConfigInput = z.input<typeof DashboardConfig>;
