// The delivery statements that run per delivery or per settlement seek their index on both databases: a plan
// that scans the delivery table would grow with the retained history (100k rows and more).
import "reflect-metadata";
import type { DataSource, EntityManager } from "typeorm";
import { createDataSource } from "../../ormconfig";
import { runStatement, type Statement } from "../../src/db/sql";
import { claimStatement } from "../../src/delivery/outbox/claim";
import { pauseFactsStatement, pauseStatement } from "../../src/delivery/pause/pause-sql";
import { createTestDatabase, usingPostgres, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
let ds: DataSource;
const kind = usingPostgres() ? "postgres" : "sqlite";

beforeAll(async () => {
  db = await createTestDatabase();
  ds = createDataSource(db.url);
  await ds.initialize();
  await ds.runMigrations();
});

afterAll(async () => {
  await ds.destroy();
  await db.drop();
});

/** The plan as text. PostgreSQL is told not to scan, so the plan shows whether an index can answer at all. */
async function planOf(statement: Statement): Promise<string> {
  return ds.transaction(async (em: EntityManager) => {
    if (kind === "postgres") await em.query("SET LOCAL enable_seqscan = off");
    const { rows } = await runStatement<Record<string, string>>(em, `EXPLAIN ${kind === "sqlite" ? "QUERY PLAN " : ""}${statement.text}`, statement.params);
    return rows.map((r) => (kind === "sqlite" ? r.detail : r["QUERY PLAN"])).join("\n");
  });
}

/** The plan's lines that read the delivery table (its statements alias it d, e, s or f). */
const deliveryReads = (plan: string) =>
  plan.split("\n").filter((line) => (kind === "sqlite" ? /^(SEARCH|SCAN) (d|e|s|f|delivery)\b/.test(line.trim()) : / on delivery\b/.test(line)));
const scansDelivery = (plan: string) => deliveryReads(plan).some((line) => (kind === "sqlite" ? /^SCAN/.test(line.trim()) : /Seq Scan/.test(line)));

it("the claim's order rule seeks (alert group, webhook) in IX_delivery_pair_order", async () => {
  const plan = await planOf(claimStatement(kind, { instanceId: "i", limit: 10, excludeWebhooks: [3] }));
  expect(plan).toContain("IX_delivery_pair_order");
  if (kind === "sqlite") expect(plan).toContain("IX_delivery_pair_order (alert_group_id=? AND webhook_id=?)");
  expect(scansDelivery(plan)).toBe(false);
});

it("the pause rule reads finished deliveries only, from IX_delivery_webhook_finished", async () => {
  for (const statement of [pauseFactsStatement(kind, 1), pauseStatement(kind, 1, "failing", new Date())]) {
    const plan = await planOf(statement);
    const reads = deliveryReads(plan);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read).toContain("IX_delivery_webhook_finished");
  }
});
