// Storm: alerts from 4 clients, 10 webhooks on `alert group created` → alerts × 10 deliveries; the rate at
// the receiver from first to last request, beside a bare axios loop of the same count at concurrency 20, in
// alternating rounds. The server's RSS is sampled throughout (the memory measure).
import { cpuClock, rssOf } from "../child";
import { alertBody, DATA_TEMPLATE } from "./alerts";
import { axiosLoop, REFERENCE_CONCURRENCY } from "./axios-loop";
import { AlertClients, CLIENTS } from "./load";
import { createAlertmanagerIntegration, createWebhooks, startE2eOuthook, waitForRequests } from "./outhook";
import { expectAllRecorded } from "./records";
import { fixed, mb, medianRound, ratios, type ScenarioContext, type SummaryRow } from "./report";
import { RssSampler } from "./rss";
import { scaled } from "./scale";

const ALERTS = scaled(2_000, 4);
const WEBHOOKS = 10;
const ROUNDS = 3;
const RSS_TARGET = 200 * 1024 * 1024;

export async function storm(ctx: ScenarioContext): Promise<SummaryRow[]> {
  const { receiver } = ctx;
  const outhook = await startE2eOuthook(ctx.dir);
  const clients = new AlertClients(outhook.url);
  try {
    const inboundPath = await createAlertmanagerIntegration(outhook);
    const hooks = await createWebhooks(outhook, WEBHOOKS, `${receiver.url}/storm`, DATA_TEMPLATE);
    const deliveries = ALERTS * WEBHOOKS;
    const pid = outhook.child.process.pid!;
    const idleRss = rssOf(pid);
    const memory = new RssSampler(pid);
    const rounds: { rate: number; reference: number; ratio: number; cpuMs: number; refCpuMs: number }[] = [];
    let delivered = 0;
    let received = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const refCpu = cpuClock(process.pid); // the loop runs in this process
      const ref = await axiosLoop(receiver, deliveries);
      const refCpuMs = refCpu() / deliveries;
      const reference = deliveries / (ref.firstToLastMs / 1000);
      const bodies = Array.from({ length: ALERTS }, (_, i) => alertBody(`storm${r}-${i}`));
      await receiver.reset();
      const cpu = cpuClock(pid);
      await clients.closedLoop(inboundPath, bodies);
      await waitForRequests(outhook, receiver, deliveries, "the storm's deliveries at the receiver", 50);
      // Per delivery, the alerts' inbound work included: steadier than the rate on a shared machine.
      const cpuMs = cpu() / deliveries;
      const stats = await receiver.stats();
      const rate = deliveries / ((stats.last - stats.first) / 1000);
      delivered += deliveries;
      await expectAllRecorded(outhook.db, delivered, received + stats.count);
      received += (await receiver.stats()).count; // read again: a repeat after the records would show here
      rounds.push({ rate, reference, ratio: rate / reference, cpuMs, refCpuMs });
      ctx.say(
        `  round ${r + 1}: outhook ${fixed(rate)} deliveries/s (CPU ${fixed(cpuMs, 2)} ms/delivery) vs bare axios ${fixed(reference)} req/s ` +
          `(CPU ${fixed(refCpuMs, 2)} ms/request) → ${rounds[r].ratio.toFixed(2)}`,
      );
    }
    const peak = memory.stop();
    await expectAllRecorded(outhook.db, delivered, received);
    // The same through the API: each webhook's /responses count.
    let listed = 0;
    for (const id of hooks) listed += (await outhook.api.get(`/api/v1/webhooks/${id}/responses/`)).data.count;
    if (listed !== delivered) throw new Error(`storm: /responses lists ${listed} records, expected ${delivered}`);
    const m = medianRound(rounds);
    ctx.say(
      `storm (${ALERTS} alerts from ${CLIENTS} clients × ${WEBHOOKS} webhooks = ${deliveries} deliveries, every one recorded): ` +
        `outhook ${fixed(m.rate)} deliveries/s vs bare axios (concurrency ${REFERENCE_CONCURRENCY}) ${fixed(m.reference)} req/s ` +
        `→ ratio ${m.ratio.toFixed(2)} (target ≥ 0.7; median of ${ROUNDS} rounds: ${ratios(rounds)}); ` +
        `CPU per delivery ${fixed(m.cpuMs, 2)} ms (outhook, all threads) vs ${fixed(m.refCpuMs, 2)} ms per request (the axios loop)`,
    );
    ctx.say(`memory: RSS of the outhook process ${mb(idleRss)} before the storm, peak ${mb(peak)} during it (target ≤ 200 MB)`);
    return [
      {
        measure: "storm deliveries/s vs bare axios (concurrency 20)",
        result: `ratio **${m.ratio.toFixed(2)}** (${fixed(m.rate)} vs ${fixed(m.reference)}/s; rounds ${ratios(rounds)}; CPU ${fixed(m.cpuMs, 2)} vs ${fixed(m.refCpuMs, 2)} ms each)`,
        target: "≥ 0.7",
        met: m.ratio >= 0.7,
      },
      { measure: "RSS of the server during the storm", result: `peak **${mb(peak)}** (${mb(idleRss)} before)`, target: "≤ 200 MB", met: peak <= RSS_TARGET },
    ];
  } finally {
    clients.close();
    await outhook.close();
  }
}
