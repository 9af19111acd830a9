/** Runs `work` over `inputs` with at most `limit` running at once; results in input order. */
export async function boundedAll<T, R>(
  inputs: readonly T[],
  limit: number,
  work: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, inputs.length) }, async () => {
    for (let index = next++; index < inputs.length; index = next++) {
      results[index] = await work(inputs[index] as T, index);
    }
  });
  await Promise.all(workers);
  return results;
}
