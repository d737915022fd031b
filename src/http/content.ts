// delivery.md §9: the recorded `content` of a response body.
import { pythonJsonDumps } from "./python-json";

/** Too-large message; n is Content-Length when declared for an unencoded body, else the bytes read before stopping. */
export function tooLargeMessage(n: number, limit: number): string {
  return `Response content ${n} exceeds ${limit} character limit`;
}

/** JSON → Python-style re-serialisation; otherwise UTF-8 with replacement characters; empty → "". */
export function renderContent(body: Buffer): string {
  if (body.length === 0) return "";
  const text = body.toString("utf8");
  const json = pythonJsonDumps(text.replace(/^\uFEFF/, "")); // requests decodes JSON as utf-8-sig
  return json ?? text;
}
