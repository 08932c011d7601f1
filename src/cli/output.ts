import { once } from 'node:events';

/** Writes text to stdout, waiting when the pipe is full (a huge JSON answer never piles up in memory). */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

export async function printJson(value: unknown): Promise<void> {
  await writeOut(`${JSON.stringify(value, null, 2)}\n`);
}
