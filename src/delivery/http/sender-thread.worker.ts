// The sending thread: an HttpSender of its own answers batches of requests (sender-thread.ts is the other side).
import { parentPort, workerData } from "node:worker_threads";
import { HttpSender } from "./sender";
import type { HttpPolicy, OutgoingRequest, SendOutcome } from "./types";

export type SendJob = [id: number, request: OutgoingRequest];
export type SendReply = [id: number, outcome: SendOutcome];

const sender = new HttpSender(workerData.data as HttpPolicy);
let replies: SendReply[] = [];

function reply(r: SendReply): void {
  if (replies.length === 0) setImmediate(flush);
  replies.push(r);
}

function flush(): void {
  const batch = replies;
  replies = [];
  parentPort!.postMessage(batch);
}

parentPort!.on("message", (jobs: SendJob[]) => {
  for (const [id, request] of jobs) {
    sender.send(request).then(
      (outcome) => reply([id, outcome]),
      (error) => reply([id, { kind: "transport_error", message: String((error as Error)?.message ?? error), timeout: false, tls: false }]),
    );
  }
});
parentPort!.postMessage("ready");
