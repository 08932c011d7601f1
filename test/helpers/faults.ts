/**
 * Faults injected into the program itself, for the tests of what bookstream does with an error it did not plan
 * for (a bug): a method replaced for the length of one piece of work, and what the work wrote to stderr.
 */

/** Runs `work` with `target[key]` replaced by `replacement`, and puts the original back whatever happens. */
export async function withReplaced<T extends object, K extends keyof T, R>(target: T, key: K, replacement: T[K], work: () => Promise<R>): Promise<R> {
  const original = target[key];
  target[key] = replacement;
  try {
    return await work();
  } finally {
    target[key] = original;
  }
}

/** What `work` wrote to this process's stderr (kept from the terminal), with its result. */
export async function capturingStderr<R>(work: () => Promise<R>): Promise<{ result: R; stderr: string }> {
  let stderr = '';
  const write = ((chunk: string | Uint8Array) => ((stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()), true)) as typeof process.stderr.write;
  const result = await withReplaced(process.stderr, 'write', write, work);
  return { result, stderr };
}
