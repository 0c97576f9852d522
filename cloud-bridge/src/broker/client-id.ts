import { STATION_CLIENT_ID_PREFIX } from '@regiobox/contract';

/** Longest client id the embedded broker accepts; keeps the ownership check below bounded. */
export const MAX_CLIENT_ID_LENGTH = 128;

/**
 * How strongly a login name claims a client id: by the id beginning with `regiobox-<name>` (the
 * documented station client id, MQTT.md) or with the name itself (service users, tools). Longer
 * claims are stronger; at equal length the documented station form wins. 0: no claim.
 */
const claimStrength = (clientId: string, name: string): number => {
  if (clientId.startsWith(`${STATION_CLIENT_ID_PREFIX}${name}`))
    return 2 * (STATION_CLIENT_ID_PREFIX.length + name.length) + 1;
  return clientId.startsWith(name) ? 2 * name.length : 0;
};

/**
 * A client id belongs to a login when the login's claim on it is the strongest of all registered
 * names: otherwise station `a` could connect as `a-b` (or `regiobox-a-b`) and take over station
 * `a-b`'s session (the broker disconnects the older client with the same id).
 */
export const clientIdBelongsTo = (
  clientId: string,
  username: string,
  isRegisteredUsername: (name: string) => boolean,
): boolean => {
  if (clientId.length > MAX_CLIENT_ID_LENGTH) return false;
  const own = claimStrength(clientId, username);
  if (own === 0) return false;
  const rivals = new Set<string>();
  for (let end = 1; end <= clientId.length; end++) rivals.add(clientId.slice(0, end));
  if (clientId.startsWith(STATION_CLIENT_ID_PREFIX)) {
    for (let end = STATION_CLIENT_ID_PREFIX.length + 1; end <= clientId.length; end++)
      rivals.add(clientId.slice(STATION_CLIENT_ID_PREFIX.length, end));
  }
  for (const name of rivals) {
    if (name !== username && isRegisteredUsername(name) && claimStrength(clientId, name) >= own) return false;
  }
  return true;
};
