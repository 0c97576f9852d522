import { TenantId } from '@regiobox/contract';
import { z } from 'zod';

/**
 * Which marketplaces (tenants) may use which compartments. Compartments named under a tenant in
 * `reservedCompartments` are reserved to it (a number under several tenants is shared by those);
 * every other compartment is the shared pool, open to every admitted tenant.
 */
export const TenantsConfig = z
  .strictObject({
    admitted: z
      .array(TenantId)
      .min(1)
      .optional()
      .describe(
        'the tenants (marketplaces) that may reserve here; absent: every tenant. A reservation of another tenant is refused with TENANT_NOT_ADMITTED',
      ),
    reservedCompartments: z
      .record(TenantId, z.array(z.number().int().min(1).max(999)).min(1))
      .default({})
      .describe(
        'per tenant id, the compartment numbers reserved to it, e.g. `{ lorena: [1, 2], spreewald: [3] }`; compartments named nowhere form the shared pool',
      ),
  })
  .describe('tenants sharing the station: the shared pool and the compartments reserved per tenant');
export type TenantsConfig = z.infer<typeof TenantsConfig>;

/** The tenants that may use compartment `no`; null: every tenant (the shared pool). */
export const tenantsOfCompartment = (cfg: TenantsConfig, no: number): string[] | null => {
  const named = Object.entries(cfg.reservedCompartments)
    .filter(([, numbers]) => numbers.includes(no))
    .map(([tenant]) => tenant);
  return named.length > 0 ? named.sort() : null;
};

export const isAdmitted = (cfg: TenantsConfig, tenant: string): boolean =>
  cfg.admitted === undefined || cfg.admitted.includes(tenant);

/** Whether the tenant may reserve compartment `no`. */
export const mayUse = (cfg: TenantsConfig, tenant: string, no: number): boolean => {
  if (!isAdmitted(cfg, tenant)) return false;
  const tenants = tenantsOfCompartment(cfg, no);
  return tenants === null || tenants.includes(tenant);
};

/** A reserved compartment must exist, and its tenant be admitted: else nobody could ever use it. */
export const checkTenants = (
  cfg: { readonly compartments: readonly { readonly no: number }[]; readonly tenants: TenantsConfig },
  ctx: z.RefinementCtx,
): void => {
  const numbers = new Set(cfg.compartments.map((c) => c.no));
  for (const [tenant, list] of Object.entries(cfg.tenants.reservedCompartments)) {
    list.forEach((no, i) => {
      if (!numbers.has(no))
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', 'reservedCompartments', tenant, i],
          input: no,
          message: `there is no compartment ${no}`,
        });
    });
    if (!isAdmitted(cfg.tenants, tenant))
      ctx.addIssue({
        code: 'custom',
        path: ['tenants', 'reservedCompartments', tenant],
        message: `tenant ${tenant} is not in tenants.admitted`,
      });
  }
};
