import type { FormatName, SourceName } from '../core/canonical.js';
import { finicityNonPart, likelyFinicityPart, unmistakableFinicityPart, type FinicityPart, type RootShape } from './finicity/parts.js';
import type { JsonPath } from './json/json-path.js';
import { JsonScanner, JsonSyntaxError, type ScanHandler, type ValueKind, type Visit } from './json/scanner.js';

/** What the first keys of a file say it is (SPEC §2: the format is detected from the first keys). */
export type Detection =
  | { readonly kind: 'format'; readonly format: FormatName; readonly part?: FinicityPart }
  /** A Finicity response that is not one of a bundle's files (a login form, a report-start response). */
  | { readonly kind: 'not-a-part'; readonly found: string }
  | { readonly kind: 'unknown'; readonly found: string };

/** The head is probed this much at a time, so that an Asset Report, told by its first key, is not scanned to 64 KiB. */
const PROBE_SLICE_BYTES = 4096;

/** Root arrays whose first element's keys tell formats apart (`accounts[0].account_id` is Plaid). */
const PROBED_ARRAYS = new Set(['accounts', 'transactions', 'items', 'institutions']);

/** The shape of a document's beginning: enough to tell the formats apart. */
class ShapeProbe implements ScanHandler {
  rootKind: ValueKind | null = null;
  readonly rootKeys: string[] = [];
  readonly firstElementKeys = new Map<string, string[]>();

  enter(path: JsonPath, kind: ValueKind): Visit {
    if (path.length === 0) {
      this.rootKind = kind;
      return kind === 'object' ? 'descend' : 'skip';
    }
    const [key, index, field] = path as [string, number?, string?];
    if (path.length === 1) {
      this.rootKeys.push(key);
      if (kind !== 'array' || !PROBED_ARRAYS.has(key)) return 'skip';
      this.firstElementKeys.set(key, []);
      return 'descend';
    }
    if (path.length === 2) return index === 0 && kind === 'object' ? 'descend' : 'skip';
    this.firstElementKeys.get(key)!.push(field!);
    return 'skip';
  }

  captured(): void {}
}

/**
 * Detects the format of a document from its first bytes; a head that ends mid-document is fine.
 * A syntax error in `head` is thrown only when the keys before it do not tell the format: when
 * they do, the format's reader meets the same error again and reports it with its full path.
 */
export function detectFormat(head: Uint8Array, isWholeInput: boolean): Detection {
  const probe = new ShapeProbe();
  const scanner = new JsonScanner(probe);
  try {
    for (let start = 0; start < head.byteLength; start += PROBE_SLICE_BYTES) {
      scanner.write(head.subarray(start, start + PROBE_SLICE_BYTES));
      // `report` decides before any other key (classify), so the rest of the head cannot change the answer.
      if (probe.rootKeys.includes('report')) return format('PLAID_ASSET_REPORT');
    }
    if (isWholeInput) scanner.end();
  } catch (error) {
    const detection = classify(probe);
    if (error instanceof JsonSyntaxError && detection.kind === 'format') return detection;
    throw error;
  }
  return classify(probe);
}

function classify({ rootKind, rootKeys, firstElementKeys }: ShapeProbe): Detection {
  if (rootKind === null) return { kind: 'unknown', found: 'no JSON value' };
  if (rootKind !== 'object') return { kind: 'unknown', found: `a top-level ${rootKind}` };
  const has = (key: string): boolean => rootKeys.includes(key);
  const first = (key: string): string[] => firstElementKeys.get(key) ?? [];
  const shape: RootShape = { keys: rootKeys, first };
  if (has('report')) return format('PLAID_ASSET_REPORT');
  const finicity = unmistakableFinicityPart(shape);
  if (finicity !== null) return { kind: 'format', format: 'FINICITY_BUNDLE', part: finicity };
  if (has('items')) return format('PLAID_BANK_STATEMENTS');
  if (has('item') || has('total_transactions') || first('accounts').includes('account_id') || first('transactions').includes('transaction_id')) {
    return format('PLAID_TRANSACTIONS');
  }
  const likely = likelyFinicityPart(shape);
  if (likely !== null) return { kind: 'format', format: 'FINICITY_BUNDLE', part: likely };
  const nonPart = finicityNonPart(shape);
  if (nonPart !== null) return { kind: 'not-a-part', found: nonPart };
  const keys = rootKeys.length === 0 ? 'an empty object' : `an object with keys ${rootKeys.slice(0, 8).join(', ')}`;
  return { kind: 'unknown', found: keys };
}

function format(name: FormatName): Detection {
  return { kind: 'format', format: name };
}

/** What an unknown document was compared against, for the rejection message. */
export const EXPECTED_FORMATS =
  'a Plaid Asset Report {report:{items:[…]}}, a Plaid /transactions/get response {accounts, transactions, item}, ' +
  'a Plaid bank-statements response {items:[{bank_statements:[…]}]}, or Finicity bundle files';

export function sourceOfDetection(detection: Detection): SourceName | null {
  if (detection.kind !== 'format') return null;
  return detection.format === 'FINICITY_BUNDLE' ? 'FINICITY' : 'PLAID';
}
