// The delivery engine's HttpSender, run on a thread of its own: the HTTP client's per-request work (axios, the
// SSRF checks of every hop, streaming the response) then runs beside the engine's own work (payloads, records)
// instead of after it on one event loop. Requests and outcomes are plain data; they cross in batches.
import * as path from "node:path";
import { ThreadClient } from "../worker-thread";
import { parseCidrList } from "./address-policy";
import type { HttpPolicy, OutgoingRequest, SendOutcome, TimedOutcome } from "./types";
import { checkBeforeSend, urlCheckPolicy, type UrlCheckPolicy } from "./url-check";

/**
 * Each request leaves ~80 KB of short-lived garbage (mostly axios' config merging); V8's default young
 * generation would hold 32 MB of it. A quarter of that kept the storm's throughput within the VM's noise and
 * its peak RSS ~7 MB lower (bench/run.ts).
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 };

export class SenderThread {
  private readonly thread: ThreadClient<OutgoingRequest, TimedOutcome>;
  private readonly checks: UrlCheckPolicy;

  /** `policy` crosses to the thread: it must be plain data (no `lookup` function). */
  constructor(policy: HttpPolicy) {
    parseCidrList(policy.allowedCidrs); // fail at start-up on a bad WEBHOOK_ALLOWED_CIDRS
    this.checks = urlCheckPolicy(policy);
    this.thread = new ThreadClient("sender thread", path.join(__dirname, "sender-thread.worker"), policy, { resourceLimits: RESOURCE_LIMITS });
  }

  /** The §6 check before an attempt is planned, here on the engine's thread (the send repeats it per hop). */
  checkUrl(url: string): Promise<{ ok: true } | { ok: false; message: string }> {
    return checkBeforeSend(url, this.checks);
  }

  /** Rejects only when the thread died with the request in it (the engine retries the delivery). */
  send(request: OutgoingRequest): Promise<SendOutcome> {
    return this.sendTimed(request).then((timed) => timed.outcome);
  }

  /** Timed on the thread, by its HttpSender: the wait for the thread is not part of the duration. */
  sendTimed(request: OutgoingRequest): Promise<TimedOutcome> {
    return this.thread.request(request);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
