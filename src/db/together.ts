/**
 * Statements issued together in a transaction (on a pipelined one they travel together): waits for every
 * one of them, then answers their results or throws the first failure. Promise.all would throw at the
 * first failure while the others still wait their turn, and the transaction's rollback could then come
 * before one of them, which would run on its own, outside it.
 */
export async function together<const T extends readonly unknown[]>(
  statements: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(statements);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
