// Imported JSON contexts shared by renders on the caller's thread. One event's payload text is rendered by every
// field of every webhook it fans out to; importing it once instead of per field was the largest single cost of a
// storm on the main thread. Sharing is safe only because those templates cannot change a value (bounded.ts).
import { importFresh, type JsonImporter } from "./worker-handler";

/** One text's imports: escape modes are imported separately, on first use of each. */
interface Imported {
  plain?: unknown;
  escaped?: unknown;
}

export class ImportMemo {
  /** Keyed by the text itself, not a prefixed copy: V8 hashes a string once, so a shared text is found in O(1). */
  private readonly map = new Map<string, Imported>();
  private chars = 0;

  constructor(private readonly maxEntries = 64, private readonly maxChars = 4_000_000) {}

  readonly importJson: JsonImporter = (text, escape) => {
    const mode = escape ? "escaped" : "plain";
    let entry = this.map.get(text);
    if (entry) {
      this.map.delete(text); // least recently used goes first
      this.map.set(text, entry);
    } else {
      entry = {};
      if (text.length <= this.maxChars) this.remember(text, entry);
    }
    if (!(mode in entry)) entry[mode] = importFresh(text, escape);
    return entry[mode];
  };

  private remember(text: string, entry: Imported): void {
    while (this.map.size >= this.maxEntries || (this.map.size && this.chars + text.length > this.maxChars)) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.chars -= oldest.length;
    }
    this.map.set(text, entry);
    this.chars += text.length;
  }
}
