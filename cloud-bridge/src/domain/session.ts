export interface Presence {
  readonly state: 'online' | 'offline';
  readonly session: number;
}

/**
 * The session rule of the status topic: the status with the highest session wins, so the late will
 * of an old connection never overrides the birth of a newer one. Within one session the will is
 * final: an `online` never overrides an `offline` of the same session.
 */
export const supersedes = (incoming: Presence, current: Presence | undefined): boolean => {
  if (!current) return true;
  if (incoming.session !== current.session) return incoming.session > current.session;
  return !(current.state === 'offline' && incoming.state === 'online');
};
