// Inbound capacity: alerts that each open a new group, no webhooks, posted by 4 keep-alive clients to outhook
// and to the express + prepared-statement reference, in alternating rounds.
import path from "node:path";
import { alertBody } from "./alerts";
import { monoMs, percentile } from "./clock";
import { AlertClients, CLIENTS } from "./load";
import { createAlertmanagerIntegration, startE2eOuthook } from "./outhook";
import { rowCount } from "./records";
import { startReferenceApp } from "./reference-app";
import { fixed, medianRound, ratios, type ScenarioContext, type SummaryRow } from "./report";
import { scaled } from "./scale";

const ALERTS = scaled(4_000, 8);
const WARM_UP = scaled(200, 2);
const ROUNDS = 3;

interface Run {
  rate: number;
  p50: number;
  p99: number;
}

async function postAll(baseUrl: string, inboundPath: string, markers: string[]): Promise<Run> {
  const bodies = markers.map(alertBody); // built before the clock starts
  const clients = new AlertClients(baseUrl);
  try {
    const start = monoMs();
    const posted = await clients.closedLoop(inboundPath, bodies);
    const seconds = (monoMs() - start) / 1000;
    const latencies = posted.map((p) => p.returned - p.sent).sort((a, b) => a - b);
    return { rate: bodies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    clients.close();
  }
}

const markers = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

export async function inbound(ctx: ScenarioContext): Promise<SummaryRow[]> {
  const outhook = await startE2eOuthook(ctx.dir);
  const reference = await startReferenceApp(path.join(ctx.dir, "reference.sqlite"));
  try {
    const inboundPath = await createAlertmanagerIntegration(outhook);
    await postAll(outhook.url, inboundPath, markers("warm", WARM_UP));
    await postAll(reference.url, reference.inboundPath, markers("warm", WARM_UP));
    const rounds: { outhook: Run; reference: Run; ratio: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const ref = await postAll(reference.url, reference.inboundPath, markers(`ref${r}`, ALERTS));
      const out = await postAll(outhook.url, inboundPath, markers(`in${r}`, ALERTS));
      rounds.push({ outhook: out, reference: ref, ratio: out.rate / ref.rate });
      ctx.say(`  round ${r + 1}: outhook ${fixed(out.rate)} alerts/s (p50 ${fixed(out.p50, 1)} ms) vs reference ${fixed(ref.rate)} alerts/s (p50 ${fixed(ref.p50, 1)} ms) → ${rounds[r].ratio.toFixed(2)}`);
    }
    const groups = await rowCount(outhook.db, "alert_group");
    const expected = WARM_UP + ROUNDS * ALERTS;
    if (groups !== expected) throw new Error(`inbound: expected ${expected} alert groups, outhook holds ${groups}`);
    const m = medianRound(rounds);
    ctx.say(
      `inbound capacity (${ALERTS} alerts, each a new group, ${CLIENTS} keep-alive clients): outhook ${fixed(m.outhook.rate)} alerts/s ` +
        `(p50 ${fixed(m.outhook.p50, 1)} ms, p99 ${fixed(m.outhook.p99, 1)} ms) vs express + prepared statements ${fixed(m.reference.rate)} alerts/s ` +
        `→ ratio ${m.ratio.toFixed(2)} (target ≥ 0.6; median of ${ROUNDS} rounds: ${ratios(rounds)})`,
    );
    return [
      {
        measure: "inbound alerts/s vs express + prepared statements",
        result: `ratio **${m.ratio.toFixed(2)}** (${fixed(m.outhook.rate)} vs ${fixed(m.reference.rate)}/s; rounds ${ratios(rounds)})`,
        target: "≥ 0.6",
        met: m.ratio >= 0.6,
      },
    ];
  } finally {
    await reference.close();
    await outhook.close();
  }
}
