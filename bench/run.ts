// `npm run bench [-- scenario…]`: the end-to-end scenarios of issue 9 (outhook as a child process, alerts in
// over its inbound link, a receiver process out), each beside its reference measured in the same run, then
// the engine-only figures. Names: inbound, storm (also gives memory), latency, fan-out, engine; none = all.
// BENCH_DATABASE_URL=postgres://… runs the end-to-end scenarios on a fresh PostgreSQL database each.
import fs from "node:fs";
import os from "node:os";
import { engineFigures } from "./engine";
import { fanOut } from "./e2e/fan-out";
import { inbound } from "./e2e/inbound";
import { latency } from "./e2e/latency";
import { Receiver } from "./e2e/receiver";
import type { ScenarioContext, SummaryRow } from "./e2e/report";
import { SCALE } from "./e2e/scale";
import { scratchDir } from "./e2e/outhook";
import { storm } from "./e2e/storm";

const E2E: Record<string, (ctx: ScenarioContext) => Promise<SummaryRow[]>> = { inbound, storm, latency, "fan-out": fanOut };
const ALIASES: Record<string, string> = { memory: "storm", fanout: "fan-out" };
const ALL = [...Object.keys(E2E), "engine"];

class UsageError extends Error {}

function selected(args: string[]): string[] {
  const names = args.map((a) => ALIASES[a] ?? a);
  const unknown = names.filter((n) => !ALL.includes(n));
  if (unknown.length) throw new UsageError(`unknown scenario ${unknown.join(", ")}; choose from ${ALL.join(", ")} (memory = storm)`);
  return names.length ? ALL.filter((n) => names.includes(n)) : ALL;
}

function table(rows: SummaryRow[]): string[] {
  const mark = (r: SummaryRow) => (r.met === undefined ? "" : r.met ? " ✓" : " ✗");
  return ["| measure | result | target |", "|---|---|---|", ...rows.map((r) => `| ${r.measure} | ${r.result} | ${r.target}${mark(r)} |`)];
}

async function main(): Promise<void> {
  const names = selected(process.argv.slice(2));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const load = os.loadavg()[0].toFixed(2);
  say(`outhook benchmark — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, end to end on ${process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "SQLite"}, load average ${load}${SCALE !== 1 ? `, SCALE ${SCALE}` : ""}`);
  const rows: SummaryRow[] = [];
  const e2e = names.filter((n) => n in E2E);
  if (e2e.length) {
    const dir = scratchDir();
    const receiver = await Receiver.start();
    try {
      for (const name of e2e) {
        say(`— ${name} (end to end)`);
        rows.push(...(await E2E[name]({ receiver, dir, say })));
      }
    } finally {
      await receiver.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (names.includes("engine")) {
    say("— engine only (events written straight into the outbox, in-process)");
    await engineFigures(say);
  }
  if (rows.length) {
    say("");
    for (const line of table(rows)) say(line);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(error instanceof UsageError ? `${error.message}\n` : `benchmark failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
