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

  /** Waits for the turn and keeps it until `release` is called (for work the caller paces). */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await new Promise<void>((started) => void this.run(() => (started(), held)));
    return release;
  }
}
