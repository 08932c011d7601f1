import type { DocumentTotals, DocumentWriter } from '../store/document-writer.js';
import type { DocumentBody } from '../ingest/document-ingest.js';
import { DocumentPipeline } from '../ingest/document-pipeline.js';
import { inlineNormalizer } from '../../workers/pool.js';
import type { ReadEvent } from '../../workers/read-protocol.js';

/** A small document a pool thread has read whole (workers/prepare-document.ts): its events are written as they stand. */
export class PreparedBody implements DocumentBody {
  constructor(
    private readonly names: readonly string[],
    private readonly files: readonly ReadEvent[][],
    private readonly read: DocumentTotals,
  ) {}

  async writeInto(writer: DocumentWriter): Promise<void> {
    const pipeline = new DocumentPipeline(writer, inlineNormalizer);
    for (const [index, events] of this.files.entries()) await pipeline.runEvents(this.names[index]!, [events]);
  }

  async totals(): Promise<DocumentTotals> {
    return this.read;
  }

  async hashAll(): Promise<DocumentTotals> {
    return this.read;
  }
}
