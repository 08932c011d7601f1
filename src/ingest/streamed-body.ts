import type { DocumentTotals, DocumentWriter } from '../store/document-writer.js';
import type { InputFile } from '../sources/input.js';
import type { Normalizer } from '../../workers/pool.js';
import type { DocumentBody } from './document-ingest.js';
import { DocumentPipeline } from './document-pipeline.js';
import type { DocumentReader } from './document-reader.js';

/** A document read from its open files as it is written: the streaming path, for inputs of any size. */
export class StreamedBody implements DocumentBody {
  constructor(
    private readonly files: readonly InputFile[],
    private readonly reader: DocumentReader,
    private readonly normalizer: Normalizer,
  ) {}

  writeInto(writer: DocumentWriter): Promise<void> {
    return new DocumentPipeline(writer, this.normalizer).run(this.reader, this.files);
  }

  totals(): Promise<DocumentTotals> {
    return this.reader.totals();
  }

  async hashAll(): Promise<DocumentTotals> {
    for (const file of this.files) {
      // An input that cannot be read to its end is hashed as far as it could be read.
      await this.reader.skip(file).catch(() => {});
    }
    return this.reader.totals();
  }
}
