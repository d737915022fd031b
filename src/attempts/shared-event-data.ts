// A record's event_data is the payload that was sent. An event's records differ only in their last key, `webhook`:
// all the rest (the alert payload, twice; the group; the `responses` of the group's webhooks) is stored once per
// distinct text, in responses_snapshot (named when it held `responses` alone), and each record keeps what is its
// own. An Alertmanager alert's records shrank from ~3.7 KB each to ~70 bytes; one alert to 1,000 webhooks no
// longer stores their responses 1,000 times. Reading puts the shared text back in (spliceSharedPart).
import { createHash } from "node:crypto";
import type { EventPayload } from "../events/event-data";
import { pythonDumps } from "./python-dumps";

/** A smaller common part stays inline: a snapshot row and its key would cost more than they save. */
const SHARED_FROM_CHARS = 1024;
const WEBHOOK_KEY = ', "webhook": ';

/** The text cut out of a record's event_data at `at`, and the snapshot that holds it. */
export interface SharedPart {
  at: number;
  hash: string;
  text: string;
}

export interface RecordEventData {
  text: string;
  shared: SharedPart | null;
}

/**
 * Hashes of the last few common parts: an event's records, which a batch holds side by side, hash the same text
 * once. Few, because a part can be large (`responses` of many webhooks).
 */
const hashes = new Map<string, string>();
const HASHES_KEPT = 16;

function hashOf(text: string): string {
  let hash = hashes.get(text);
  if (hash === undefined) {
    if (hashes.size >= HASHES_KEPT) hashes.clear();
    hashes.set(text, (hash = createHash("sha256").update(text).digest("hex")));
  }
  return hash;
}

/** pythonDumps(payload), its common part apart. `memo`: the batch's serialisation cache (python-dumps.ts). */
export function recordEventData(payload: EventPayload, memo?: WeakMap<object, string>): RecordEventData {
  const whole = pythonDumps(payload, memo);
  // The record's own part starts at `webhook`, the last key (event-data.ts composePayload), or else at the closing
  // brace. Any cut gives the whole text back on reading; this one is the same for every record of the event.
  const at = whole.lastIndexOf(WEBHOOK_KEY);
  const cut = at >= 0 ? at : whole.length - 1;
  if (cut < SHARED_FROM_CHARS) return { text: whole, shared: null };
  const common = whole.slice(0, cut);
  return { text: whole.slice(cut), shared: { at: 0, hash: hashOf(common), text: common } };
}

/** The whole event_data of a record whose shared part was cut out at `at`. */
export function spliceSharedPart(eventData: string, at: number, sharedText: string): string {
  return `${eventData.slice(0, at)}${sharedText}${eventData.slice(at)}`;
}
