// The delivery reference (issue 9): a bare axios loop, keep-alive, `concurrency` requests in flight, to the
// same receiver. Its rate and duration are read at the receiver, as outhook's are.
import http from "node:http";
import axios from "axios";
import { SAMPLE_DATA } from "./alerts";
import { monoMs } from "./clock";
import type { Receiver } from "./receiver";

export const REFERENCE_CONCURRENCY = 20;

export interface LoopTimes {
  /** The receiver's first → last arrival (a rate's time base). */
  firstToLastMs: number;
  /** First request sent → last arrival (a duration's). */
  startToLastMs: number;
}

export async function axiosLoop(receiver: Receiver, total: number, concurrency = REFERENCE_CONCURRENCY): Promise<LoopTimes> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const client = axios.create({ httpAgent: agent, validateStatus: () => true });
  await receiver.reset();
  let next = 0;
  const start = monoMs();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const res = await client.post(`${receiver.url}/reference`, SAMPLE_DATA, { headers: { "Content-Type": "application/json" } });
        if (res.status !== 200) throw new Error(`reference request answered ${res.status}`);
      }
    }),
  );
  agent.destroy();
  const stats = await receiver.stats();
  if (stats.count !== total) throw new Error(`receiver counted ${stats.count} of ${total} reference requests`);
  return { firstToLastMs: stats.last - stats.first, startToLastMs: stats.last - start };
}
