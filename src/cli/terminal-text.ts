// The rule lives in core/ since the library writes to stderr too (the stack of an unexpected ingest error);
// the command line keeps importing it from here.
export { forTerminal, terminalSafeJson } from '../core/terminal-text.js';
