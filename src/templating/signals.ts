// How rendered text is read as a yes/no answer.

/** Webhook trigger template (templating.md section 8): lower-cased output is exactly "true" or "1". */
export function isTriggered(output: string): boolean {
  const s = output.toLowerCase();
  return s === "true" || s === "1";
}

/** Integration resolve/acknowledge signals (inbound.md section 3.4): trimmed, lower-cased 1/true/ok. */
export function isTruthySignal(output: string): boolean {
  // Python str.strip() whitespace set
  const s = output.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, "").toLowerCase();
  return s === "1" || s === "true" || s === "ok";
}
