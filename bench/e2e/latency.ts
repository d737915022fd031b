// Latency under steady load: alerts at 200/s for 10 s (each a new group), one webhook; from the inbound POST
// returned (client side) to the request's arrival at the receiver, matched by the marker the data template
// echoes. A short warm-up at the same rate is not counted.
import { alertBody, DATA_TEMPLATE } from "./alerts";
import { percentile } from "./clock";
import { AlertClients } from "./load";
import { createAlertmanagerIntegration, createWebhooks, startE2eOuthook, waitForRequests } from "./outhook";
import { expectAllRecorded } from "./records";
import { fixed, type ScenarioContext, type SummaryRow } from "./report";
import { scaled } from "./scale";

const RATE = 200;
const ALERTS = scaled(RATE * 10, 4);
const WARM_UP = scaled(RATE, 2);

export async function latency(ctx: ScenarioContext): Promise<SummaryRow[]> {
  const { receiver } = ctx;
  const outhook = await startE2eOuthook(ctx.dir);
  const clients = new AlertClients(outhook.url);
  try {
    const inboundPath = await createAlertmanagerIntegration(outhook);
    await createWebhooks(outhook, 1, `${receiver.url}/latency`, DATA_TEMPLATE);
    await receiver.reset();
    await clients.openLoop(inboundPath, Array.from({ length: WARM_UP }, (_, i) => alertBody(`warm-${i}`)), RATE);
    await waitForRequests(outhook, receiver, WARM_UP, "the warm-up's deliveries");
    const warmReceived = (await receiver.stats()).count;

    await receiver.reset(true);
    const markers = Array.from({ length: ALERTS }, (_, i) => `lat-${i}`);
    const posted = await clients.openLoop(inboundPath, markers.map(alertBody), RATE);
    await waitForRequests(outhook, receiver, ALERTS, "the latency run's deliveries");
    const arrived = new Map(await receiver.arrivals());
    const latencies = markers.map((marker, i) => {
      const at = arrived.get(marker);
      if (at === undefined) throw new Error(`latency: no request arrived for ${marker}`);
      return at - posted[i].returned;
    });
    latencies.sort((a, b) => a - b);
    // The POST answers once its alert is on disk, and the delivery may leave meanwhile: from the send, too.
    const fromSent = markers.map((marker, i) => arrived.get(marker)! - posted[i].sent).sort((a, b) => a - b);
    // From the scheduled send, so a server that falls behind shows its queue here (no coordinated omission).
    const inboundMs = posted.map((p) => p.returned - p.sent).sort((a, b) => a - b);
    const answeredRate = ALERTS / ((Math.max(...posted.map((p) => p.returned)) - posted[0].sent) / 1000);
    await expectAllRecorded(outhook.db, WARM_UP + ALERTS, warmReceived + (await receiver.stats()).count);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    ctx.say(
      `latency at ${RATE} alerts/s for ${ALERTS / RATE} s, one webhook (inbound POST returned → request at the receiver): ` +
        `p50 ${fixed(p50, 1)} ms, p99 ${fixed(p99, 1)} ms, max ${fixed(latencies[latencies.length - 1], 1)} ms over ${ALERTS} alerts ` +
        `(target p99 ≤ 25 ms); POST sent → request at the receiver: p50 ${fixed(percentile(fromSent, 50), 1)} ms, ` +
        `p99 ${fixed(percentile(fromSent, 99), 1)} ms; the inbound POSTs, scheduled send → answer: p50 ${fixed(percentile(inboundMs, 50), 1)} ms, ` +
        `p99 ${fixed(percentile(inboundMs, 99), 1)} ms, answered at ${fixed(answeredRate)} alerts/s`,
    );
    return [{ measure: `inbound POST returned → receiver, at ${RATE} alerts/s`, result: `p50 ${fixed(p50, 1)} ms, p99 **${fixed(p99, 1)} ms**`, target: "p99 ≤ 25 ms", met: p99 <= 25 }];
  } finally {
    clients.close();
    await outhook.close();
  }
}
