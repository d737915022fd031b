// The engine-only figures of `npm run bench` (`npm run bench -- engine`): the delivery engine against a local
// keep-alive sink, with a bare axios loop on the same sink as the baseline, in one run. Events are written
// straight into the outbox, so no inbound work is measured. About a minute and a half on 2 cores.
import "reflect-metadata";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import axios from "axios";
import { createLogger } from "../src/logger";
import { enqueueEvent } from "../src/events/enqueue";
import { HttpSender } from "../src/http";
import { pythonDumps } from "../src/attempts/python-dumps";
import { senderPolicy } from "../src/http/sender-policy";
import { TemplateRenderer } from "../src/templating";
import { Delivery } from "../src/schema/entities";
import { Trigger } from "../src/schema/trigger-types";
import { startServer, type RunningServer } from "../src/server";
import { benchOrg, createGroups, createWebhooks, retireWebhooks, SAMPLE_ALERT, type BenchOrg } from "./fixtures";
import { startOuthook } from "./child";
import { Sink } from "./sink";

const THROUGHPUT_DELIVERIES = 10_000;
const THROUGHPUT_ROUNDS = 5;
const LATENCY_RATE = 200; // events per second
const LATENCY_SECONDS = 10;
const FAN_OUT = 1_000;
const BACKLOG = 100_000;
const BACKLOG_WEBHOOKS = 100;
const RENDERS = 20_000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function until(probe: () => Promise<boolean>, everyMs = 20, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error("benchmark phase did not finish in time");
    await sleep(everyMs);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `concurrency` loops calling `send` until `total` calls were made; calls per second. */
async function closedLoopRate(concurrency: number, total: number, send: () => Promise<unknown>): Promise<number> {
  let sent = 0;
  const start = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total) {
        sent++;
        await send();
      }
    }),
  );
  return total / ((now() - start) / 1000);
}

/** The baseline: the same body posted with a keep-alive agent, nothing else. */
async function axiosBaseline(url: string, concurrency: number, body: string, total: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const client = axios.create({ httpAgent: agent, validateStatus: () => true });
  const rate = await closedLoopRate(concurrency, total, () => client.post(url, body, { headers: { "Content-Type": "application/json" } }));
  agent.destroy();
  return rate;
}

/** The outgoing-request layer alone (SSRF checks, deadline, streamed body), same loop: where the engine's time goes. */
async function senderOnly(server: RunningServer, url: string, concurrency: number, body: string, total: number): Promise<number> {
  const sender = new HttpSender(senderPolicy(server.config));
  const rate = await closedLoopRate(concurrency, total, () => sender.send({ url, method: "POST", headers: { "Content-Type": "application/json" }, body }));
  sender.close();
  return rate;
}

async function settledCount(server: RunningServer, afterId: number): Promise<number> {
  const [{ n }] = await server.dataSource.query(
    `SELECT COUNT(*) AS n FROM delivery WHERE id > ${afterId} AND status IN ('succeeded', 'failed', 'skipped')`,
  );
  return Number(n);
}

async function lastDeliveryId(server: RunningServer): Promise<number> {
  const [{ id }] = await server.dataSource.query("SELECT COALESCE(MAX(id), 0) AS id FROM delivery");
  return Number(id);
}

async function enqueueCreated(server: RunningServer, org: BenchOrg, groupIds: number[]): Promise<void> {
  await server.dataSource.transaction(async (em) => {
    for (const id of groupIds) await enqueueEvent(em, { organizationId: org.organizationId, alertGroupId: id, type: Trigger.alertGroupCreated });
  });
  server.engine.wake();
}

async function throughput(server: RunningServer, org: BenchOrg, sink: Sink): Promise<number> {
  const hooks = 10;
  const groups = await createGroups(server.dataSource, org, THROUGHPUT_DELIVERIES / hooks);
  await createWebhooks(server.dataSource, org, hooks, `${sink.url}/throughput`, Trigger.alertGroupCreated);
  const after = await lastDeliveryId(server);
  const start = now();
  // The events arrive as a stream of commits (50 alert groups each) while the engine runs: writing them is
  // inside the measured time, as it is in a running server.
  for (let i = 0; i < groups.length; i += 50) await enqueueCreated(server, org, groups.slice(i, i + 50).map((g) => g.id));
  await until(async () => (await settledCount(server, after)) >= THROUGHPUT_DELIVERIES, 50);
  const rate = THROUGHPUT_DELIVERIES / ((now() - start) / 1000);
  await retireWebhooks(server.dataSource);
  return rate;
}

async function latency(server: RunningServer, org: BenchOrg, sink: Sink): Promise<{ p50: number; p99: number; n: number }> {
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const groups = await createGroups(server.dataSource, org, total);
  await createWebhooks(server.dataSource, org, 1, `${sink.url}/latency`, Trigger.alertGroupCreated);
  await sink.reset();
  await sink.track(true);
  const committed = new Map<string, number>();
  const start = now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / LATENCY_RATE;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const group = groups[i];
    await server.dataSource.transaction((em) =>
      enqueueEvent(em, { organizationId: org.organizationId, alertGroupId: group.id, type: Trigger.alertGroupCreated }),
    );
    committed.set(group.publicId, now());
    server.engine.wake(); // what every service does after its commit
  }
  await until(async () => (await sink.stats()).count >= total, 50);
  const { arrivals } = await sink.stats();
  await sink.track(false);
  const latencies = arrivals.map(([id, at]) => at - committed.get(id)!).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  await retireWebhooks(server.dataSource);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), n: latencies.length };
}

async function fanOut(server: RunningServer, org: BenchOrg, sink: Sink): Promise<{ sentMs: number; recordedMs: number }> {
  const [group] = await createGroups(server.dataSource, org, 1);
  await createWebhooks(server.dataSource, org, FAN_OUT, `${sink.url}/fan-out`, Trigger.alertGroupCreated);
  await sink.reset();
  const after = await lastDeliveryId(server);
  const start = now();
  await enqueueCreated(server, org, [group.id]);
  await until(async () => (await sink.stats()).count >= FAN_OUT, 5);
  const sentMs = now() - start;
  await until(async () => (await settledCount(server, after)) >= FAN_OUT, 5);
  const recordedMs = now() - start;
  await retireWebhooks(server.dataSource);
  return { sentMs, recordedMs };
}

interface RssSample {
  start: number;
  peak: number;
  delivered: number;
}

/**
 * 100k pending deliveries (1,000 events × 100 webhooks), written while the engine is stopped; then a fresh
 * `node dist/src/main.js` on that database, as an operator runs it, works through them for 10 s while its RSS
 * is sampled.
 */
async function backlog(server: RunningServer, org: BenchOrg, sink: Sink, env: NodeJS.ProcessEnv): Promise<RssSample> {
  await server.engine.stop();
  await createWebhooks(server.dataSource, org, BACKLOG_WEBHOOKS, `${sink.url}/backlog`, Trigger.alertGroupCreated);
  const groups = await createGroups(server.dataSource, org, BACKLOG / BACKLOG_WEBHOOKS);
  for (const g of groups) await enqueueCreated(server, org, [g.id]);
  const pending = await server.dataSource.getRepository(Delivery).count({ where: { status: "pending" } });
  if (pending < BACKLOG) throw new Error(`expected ${BACKLOG} pending deliveries, found ${pending}`);
  await server.close();
  return sampleChild(sink, env);
}

async function sampleChild(sink: Sink, env: NodeJS.ProcessEnv): Promise<RssSample> {
  await sink.reset();
  const child = await startOuthook(env);
  try {
    const start = child.rss();
    let peak = start;
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      peak = Math.max(peak, child.rss());
      await sleep(100);
    }
    return { start, peak, delivered: (await sink.stats()).count };
  } finally {
    await child.stop();
  }
}

/** The renderer deliveries use, with the same template over and over (compiled once, then cached). */
async function renders(): Promise<number> {
  const renderer = new TemplateRenderer();
  try {
    const payload = { alert_group_id: "IBENCH", alert_group: { id: "IBENCH", title: "InstanceDown (node)" }, alert_payload: SAMPLE_ALERT };
    const template = '{"title": "{{ alert_group.title }}", "id": "{{ alert_group_id }}", "sev": "{{ alert_payload.commonLabels.severity }}"}';
    await renderer.renderField("data", template, payload, {}); // compile once
    const start = now();
    const batch = 64;
    for (let done = 0; done < RENDERS; done += batch) {
      await Promise.all(Array.from({ length: batch }, () => renderer.renderField("data", template, payload, {})));
    }
    return RENDERS / ((now() - start) / 1000);
  } finally {
    await renderer.close();
  }
}

export async function engineFigures(say: (line: string) => void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-bench-"));
  const dbFile = path.join(dir, "bench.sqlite");
  const sink = await Sink.start();
  // One sink host: its lane gets the whole global limit, so engine and baseline run at the same concurrency.
  const env: NodeJS.ProcessEnv = {
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: `sqlite:${dbFile}`,
    BOOTSTRAP_API_TOKEN: "bench-token-0123456789",
    DANGEROUS_WEBHOOKS_ENABLED: "true",
    SECRET_KEY: "bench",
    WEBHOOK_RETRY_SCHEDULE: "1",
    DELIVERY_CONCURRENCY: "50",
    DELIVERY_HOST_CONCURRENCY: "50",
  };
  const server = await startServer(env, createLogger("silent"));
  try {
    const org = await benchOrg(server.dataSource);
    const concurrency = server.config.deliveryConcurrency;
    const body = pythonDumps({ event: { type: "alert group created" }, alert_payload: SAMPLE_ALERT, alert_group: { last_alert: { payload: SAMPLE_ALERT } } });
    say(`engine: SQLite, concurrency ${concurrency}`);

    // Baseline and engine alternate, and the median round is reported: on a small shared machine a few
    // seconds of interference would otherwise decide the ratio.
    const rounds: { base: number; engine: number }[] = [];
    for (let i = 0; i < THROUGHPUT_ROUNDS; i++) {
      const base = await axiosBaseline(`${sink.url}/baseline`, concurrency, body, THROUGHPUT_DELIVERIES);
      rounds.push({ base, engine: await throughput(server, org, sink) });
    }
    const ratios = rounds.map((r) => r.engine / r.base);
    const median = rounds[ratios.indexOf([...ratios].sort((a, b) => a - b)[Math.floor(THROUGHPUT_ROUNDS / 2)])];
    say(`throughput: ${median.engine.toFixed(0)} deliveries/s (every attempt recorded) vs bare axios ${median.base.toFixed(0)} req/s → ratio ${(median.engine / median.base).toFixed(2)} (target ≥ 0.8; median of ${THROUGHPUT_ROUNDS} rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")})`);
    const base = await axiosBaseline(`${sink.url}/baseline`, concurrency, body, THROUGHPUT_DELIVERIES);
    const layer = await senderOnly(server, `${sink.url}/sender`, concurrency, body, THROUGHPUT_DELIVERIES);
    say(`  (for reference: the HTTP sender alone, in-process, no database, ${layer.toFixed(0)} req/s → ${(layer / base).toFixed(2)} of the baseline)`);

    const lat = await latency(server, org, sink);
    say(`latency at ${LATENCY_RATE} events/s (event commit → sink): p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms over ${lat.n} events (target p99 ≤ 25 ms)`);

    const fan = await fanOut(server, org, sink);
    say(`fan-out of one event to ${FAN_OUT} webhooks: all received in ${fan.sentMs.toFixed(0)} ms, all recorded in ${fan.recordedMs.toFixed(0)} ms`);

    const r = await renders();
    say(`cached template renders: ${r.toFixed(0)} renders/s`);

    const mem = await backlog(server, org, sink, env);
    say(`RSS of a fresh outhook process with ${BACKLOG} pending deliveries: ${mb(mem.start)} at start, peak ${mb(mem.peak)} while delivering (${mem.delivered} delivered in 10 s; target ≤ 200 MB)`);
  } finally {
    await server.close();
    await sink.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
