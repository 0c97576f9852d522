import { DEFAULT_TENANT } from '@regiobox/contract';

/**
 * The station keeps every order under one local key, so that two tenants may use the same order id:
 * the default tenant's orders under their own id (orders from before tenants keep theirs), another
 * tenant's under tenant, a unit separator, then the id. Order ids hold no control characters (the
 * contract refuses them), so no two (tenant, order id) pairs share a key. The key never leaves the
 * station: events, replies and snapshots carry the tenant and the order id.
 */
const SEPARATOR = '\u001f';

export interface OrderRef {
  readonly tenant: string;
  readonly orderId: string;
}

export const localOrderKey = (tenant: string, orderId: string): string =>
  tenant === DEFAULT_TENANT ? orderId : `${tenant}${SEPARATOR}${orderId}`;

export const orderRefOf = (key: string): OrderRef => {
  const at = key.indexOf(SEPARATOR);
  return at < 0
    ? { tenant: DEFAULT_TENANT, orderId: key }
    : { tenant: key.slice(0, at), orderId: key.slice(at + 1) };
};

/** How a person reads a key (logs, audit, HACCP export): `tenant/order id`, or the id for the default tenant. */
export const readableOrderKey = (key: string): string => {
  const ref = orderRefOf(key);
  return ref.tenant === DEFAULT_TENANT ? ref.orderId : `${ref.tenant}/${ref.orderId}`;
};
