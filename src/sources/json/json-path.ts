/** A location inside a JSON document: object keys and array indexes from the root. */
export type JsonPath = ReadonlyArray<string | number>;

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** `report.items[0].accounts[1].transactions[523]`; the root is the empty string. */
export function formatPath(path: JsonPath): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (PLAIN_KEY.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}
