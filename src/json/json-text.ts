// JSON text kept exactly as it was written: how payloads travel outside the template renderer, so that integers
// beyond 2^53, floats like `3.0` and the sender's key order survive (a JavaScript object would lose all three).

/** JSON text, valid and unchanged. The renderer parses it losslessly; serialisers write it back as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** JSON.stringify for values holding JsonText: each is written as its own text, so nothing in it is rounded. */
export function writeJson(value: unknown): string | undefined {
  if (value instanceof JsonText) return value.text;
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === "function") return writeJson(toJSON.call(value));
  if (Array.isArray(value)) return `[${value.map((item) => writeJson(item) ?? "null").join(",")}]`;
  const members: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const text = writeJson(item);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(",")}}`;
}
