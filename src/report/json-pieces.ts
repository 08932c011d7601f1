/** Helpers for writing large outputs as JSON text in pieces, one element at a time. */

/** An array's JSON text: `[`, then each element (comma-separated) as it comes, then `]`. */
export async function* jsonArray(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  let separator = '[';
  for await (const item of items) {
    yield separator + JSON.stringify(item);
    separator = ',';
  }
  yield separator === '[' ? '[]' : ']';
}

/** An object's JSON text from `[key, value]` members as they come (values as JSON.stringify writes them). */
export async function* jsonObject(members: AsyncIterable<readonly [string, unknown]>): AsyncGenerator<string> {
  let separator = '{';
  for await (const [key, value] of members) {
    yield `${separator}${JSON.stringify(key)}:${JSON.stringify(value)}`;
    separator = ',';
  }
  yield separator === '{' ? '{}' : '}';
}

export async function* mapAsync<T, U>(items: AsyncIterable<T>, map: (item: T) => U | Promise<U>): AsyncGenerator<U> {
  for await (const item of items) yield await map(item);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}
