/** Longest client id the embedded broker accepts; keeps the ownership check below bounded. */
export const MAX_CLIENT_ID_LENGTH = 128;

/**
 * A client id must be the username or begin with it, and must not begin with a longer registered
 * username: otherwise station `a` could connect as `a-b` and take over station `a-b`'s session (the
 * broker disconnects the older client with the same id).
 */
export const clientIdBelongsTo = (
  clientId: string,
  username: string,
  isRegisteredUsername: (name: string) => boolean,
): boolean => {
  if (clientId.length > MAX_CLIENT_ID_LENGTH || !clientId.startsWith(username)) return false;
  for (let end = username.length + 1; end <= clientId.length; end++) {
    if (isRegisteredUsername(clientId.slice(0, end))) return false;
  }
  return true;
};
