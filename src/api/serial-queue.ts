/**
 * Runs async work one piece at a time. A store has one connection and an ingest holds a SQLite
 * transaction open across awaits, so every store operation takes its turn: readers never see a
 * document half-written, and there is only ever one writer.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => {});
    return result;
  }
}
