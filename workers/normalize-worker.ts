/** The piscina task module: a worker thread runs normalizeBatch on the batches it is sent. */
export { normalizeBatch as default } from './normalize-batch.js';
