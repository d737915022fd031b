// Worker-thread entry: renders batches of requests; results are posted in order, at
// least every few milliseconds, so the pool can tell a stuck render from a busy worker.
import { parentPort } from "node:worker_threads";
import { TemplateCache } from "./jinja/engine";
import type { WorkRequest, WorkResult } from "./protocol";
import { handleRequest } from "./worker-handler";

const cache = new TemplateCache();
const FLUSH_MS = 5;

parentPort?.on("message", (batch: WorkRequest[]) => {
  let pending: WorkResult[] = [];
  let lastFlush = performance.now();
  for (const req of batch) {
    pending.push(handleRequest(req, cache));
    const now = performance.now();
    if (now - lastFlush >= FLUSH_MS) {
      parentPort!.postMessage(pending);
      pending = [];
      lastFlush = now;
    }
  }
  if (pending.length) parentPort!.postMessage(pending);
});

parentPort?.postMessage("ready");
