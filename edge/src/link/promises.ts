export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** Waits for `p` but no longer than `ms`; its outcome is ignored. For shutdown steps that must not hang. */
export const settleWithin = async (p: Promise<unknown>, ms: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => {}), new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
};
