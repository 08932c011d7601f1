/**
 * The items of `source` in order, with up to `count` of them asked for ahead of the one being read: the
 * work that makes them (a batch writing its next books) goes on while the caller waits on one (its summary).
 * A failure comes out where its item would have; stopping early waits for the items asked for, then ends the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const asked: Array<Promise<IteratorResult<T>>> = [];
  const ask = () => {
    const next = iterator.next();
    next.catch(() => {}); // handled where it is awaited, in turn: not an unhandled rejection meanwhile
    asked.push(next);
  };
  try {
    for (;;) {
      while (asked.length <= count) ask(); // the item to give, and `count` more asked for while it is read
      const next = await asked.shift()!;
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await Promise.allSettled(asked);
    await iterator.return?.();
  }
}
