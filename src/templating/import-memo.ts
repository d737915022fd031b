// Imported JSON contexts shared by renders on the caller's thread. One event's payload text is rendered by every
// field of every webhook it fans out to; importing it once instead of per field was the largest single cost of a
// storm on the main thread. Sharing is safe only because those templates cannot change a value (bounded.ts).
import { importFresh, type JsonImporter } from "./worker-handler";

export class ImportMemo {
  private readonly map = new Map<string, unknown>();
  private chars = 0;

  constructor(private readonly maxEntries = 64, private readonly maxChars = 4_000_000) {}

  readonly importJson: JsonImporter = (text, escape) => {
    const key = (escape ? "1" : "0") + text;
    if (this.map.has(key)) {
      const value = this.map.get(key);
      this.map.delete(key); // least recently used goes first
      this.map.set(key, value);
      return value;
    }
    const value = importFresh(text, escape);
    if (key.length > this.maxChars) return value;
    while (this.map.size >= this.maxEntries || (this.map.size && this.chars + key.length > this.maxChars)) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
    this.map.set(key, value);
    this.chars += key.length;
    return value;
  };
}
