/**
 * What the generators of benchmark inputs share: where inputs are kept, how they are written with
 * back-pressure, and how a complete copy is reused.
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 1 MB = 2^20 bytes everywhere in the benchmark (input size, MB/s, RSS). */
export const MB = 1024 * 1024;
const FLUSH_BYTES = 256 * 1024;

/** bench/.data, where generated inputs and results live (git-ignored). */
export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '.data');

/** Buffers small strings into large writes and waits for the file stream to drain (back-pressure). */
export class ChunkedWriter {
  bytes = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  constructor(private readonly out: WriteStream) {}

  async write(text: string): Promise<void> {
    const size = Buffer.byteLength(text);
    this.pending.push(text);
    this.pendingBytes += size;
    this.bytes += size;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** What a generator reports about the file it wrote. */
export interface GeneratedFile {
  readonly bytes: number;
  readonly version: number;
}

/**
 * `file`, generated (into `file.partial`, then renamed) only if no complete copy of this generator
 * version exists. A sidecar `.meta.json` is written last, so a half-written file from an interrupted
 * run is never reused.
 */
export async function ensureGenerated<T extends GeneratedFile>(
  file: string,
  version: number,
  generate: (partial: string) => Promise<T>,
): Promise<T & { file: string; reused: boolean }> {
  await mkdir(DATA_DIR, { recursive: true });
  const cached = await readCachedMeta<T>(file, version);
  if (cached !== null) return { ...cached, file, reused: true };
  const partial = `${file}.partial`;
  const generated = await generate(partial);
  await rename(partial, file);
  const meta = { ...generated, file };
  await writeFile(`${file}.meta.json`, `${JSON.stringify(meta, null, 2)}\n`);
  return { ...meta, reused: false };
}

async function readCachedMeta<T extends GeneratedFile>(file: string, version: number): Promise<T | null> {
  try {
    const meta = JSON.parse(await readFile(`${file}.meta.json`, 'utf8')) as T;
    const { size } = await stat(file);
    return size === meta.bytes && meta.version === version ? meta : null;
  } catch {
    return null;
  }
}
