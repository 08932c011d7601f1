/** A set of object keys matched against raw key bytes (escape-free keys only), without decoding them. */
export class KeySet {
  /** Keys as bytes, by shape (`length * 256 + first byte`): mostly one candidate, often none. */
  private readonly byShape: Array<Uint8Array[] | undefined>;

  constructor(keys: Iterable<string>) {
    const encoded = [...keys].map((key) => new TextEncoder().encode(key));
    this.byShape = new Array<Uint8Array[] | undefined>((Math.max(0, ...encoded.map((key) => key.length)) + 1) * 256).fill(undefined);
    for (const key of encoded) (this.byShape[shapeOf(key, 0, key.length)] ??= []).push(key);
  }

  /** Whether bytes[start, end) spell one of the keys. */
  has(bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    const shape = shapeOf(bytes, start, end);
    const candidates = shape < this.byShape.length ? this.byShape[shape] : undefined;
    if (candidates === undefined) return false;
    for (let c = 0; c < candidates.length; c++) {
      const key = candidates[c]!;
      let k = 1;
      while (k < length && bytes[start + k] === key[k]) k++;
      if (k >= length) return true;
    }
    return false;
  }
}

function shapeOf(bytes: Uint8Array, start: number, end: number): number {
  return (end - start) * 256 + (end > start ? bytes[start]! : 0);
}
