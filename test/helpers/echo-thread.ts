// A worker for test/worker-thread.test.ts: answers `echo`, throws on `fail`, never answers `hang`, exits on `crash`.
import { serveRequests } from "../../src/worker-thread";

export type EchoRequest = { op: "echo" | "fail" | "hang" | "crash"; value: string };

serveRequests((r: EchoRequest) => {
  if (r.op === "fail") throw Object.assign(new Error(r.value), { code: "E_TEST" });
  if (r.op === "hang") return new Promise<string>(() => undefined);
  if (r.op === "crash") process.exit(7);
  return r.value;
});
