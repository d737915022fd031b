// Inbound capacity: alerts that each open a new group, no webhooks, posted by 4 keep-alive clients to outhook
// and to the express + prepared-statement reference, in alternating rounds.
import path from "node:path";
import { cpuClock } from "../child";
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
  /** CPU the server process spent per alert, all threads: steadier than the rate on a shared machine. */
  cpuMs: number;
}

async function postAll(baseUrl: string, inboundPath: string, markers: string[], serverPid: number): Promise<Run> {
  const bodies = markers.map(alertBody); // built before the clock starts
  const clients = new AlertClients(baseUrl);
  try {
    const start = monoMs();
    const cpu = cpuClock(serverPid);
    const posted = await clients.closedLoop(inboundPath, bodies);
    const seconds = (monoMs() - start) / 1000;
    const cpuMs = cpu() / bodies.length;
    const latencies = posted.map((p) => p.returned - p.sent).sort((a, b) => a - b);
    return { rate: bodies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMs };
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
    const outhookPid = outhook.child.process.pid!;
    await postAll(outhook.url, inboundPath, markers("warm", WARM_UP), outhookPid);
    await postAll(reference.url, reference.inboundPath, markers("warm", WARM_UP), reference.pid);
    const rounds: { outhook: Run; reference: Run; ratio: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const ref = await postAll(reference.url, reference.inboundPath, markers(`ref${r}`, ALERTS), reference.pid);
      const out = await postAll(outhook.url, inboundPath, markers(`in${r}`, ALERTS), outhookPid);
      rounds.push({ outhook: out, reference: ref, ratio: out.rate / ref.rate });
      ctx.say(
        `  round ${r + 1}: outhook ${fixed(out.rate)} alerts/s (p50 ${fixed(out.p50, 1)} ms, CPU ${fixed(out.cpuMs, 2)} ms/alert) vs ` +
          `reference ${fixed(ref.rate)} alerts/s (p50 ${fixed(ref.p50, 1)} ms, CPU ${fixed(ref.cpuMs, 2)} ms/alert) → ${rounds[r].ratio.toFixed(2)}`,
      );
    }
    const groups = await rowCount(outhook.db, "alert_group");
    const expected = WARM_UP + ROUNDS * ALERTS;
    if (groups !== expected) throw new Error(`inbound: expected ${expected} alert groups, outhook holds ${groups}`);
    const m = medianRound(rounds);
    ctx.say(
      `inbound capacity (${ALERTS} alerts, each a new group, ${CLIENTS} keep-alive clients): outhook ${fixed(m.outhook.rate)} alerts/s ` +
        `(p50 ${fixed(m.outhook.p50, 1)} ms, p99 ${fixed(m.outhook.p99, 1)} ms) vs express + prepared statements ${fixed(m.reference.rate)} alerts/s ` +
        `→ ratio ${m.ratio.toFixed(2)} (target ≥ 0.6; median of ${ROUNDS} rounds: ${ratios(rounds)}); ` +
        `server CPU per alert ${fixed(m.outhook.cpuMs, 2)} vs ${fixed(m.reference.cpuMs, 2)} ms`,
    );
    return [
      {
        measure: "inbound alerts/s vs express + prepared statements",
        result:
          `ratio **${m.ratio.toFixed(2)}** (${fixed(m.outhook.rate)} vs ${fixed(m.reference.rate)}/s; rounds ${ratios(rounds)}; ` +
          `CPU ${fixed(m.outhook.cpuMs, 2)} vs ${fixed(m.reference.cpuMs, 2)} ms/alert)`,
        target: "≥ 0.6",
        met: m.ratio >= 0.6,
      },
    ];
  } finally {
    await reference.close();
    await outhook.close();
  }
}
