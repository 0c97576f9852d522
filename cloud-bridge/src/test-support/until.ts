/** Polls until `predicate` holds; fails with `what` after the deadline. Never a fixed sleep. */
export const until = async (
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
