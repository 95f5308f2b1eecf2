/**
 * Runs `work` on every item with at most `limit` at a time. SDX takes one record per call, so a
 * 5,000-line budget is 5,000 round trips: overlapping a few of them hides the network latency, while
 * the limit keeps a customer's Spectrum server from being flooded.
 *
 * On the first failure no new item starts; the calls already sent are awaited (so none outlives the
 * operation) and the first failure is thrown.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}
