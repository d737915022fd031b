// The sending thread: an HttpSender of its own answers the engine's requests (sender-thread.ts is the other side).
import { workerData } from "node:worker_threads";
import { serveRequests } from "../worker-thread";
import { HttpSender } from "./sender";
import type { HttpPolicy, OutgoingRequest } from "./types";

const sender = new HttpSender(workerData.data as HttpPolicy);
serveRequests((request: OutgoingRequest) => sender.sendTimed(request));
