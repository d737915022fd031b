import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { alertGroupAction, createIntegration, createWebhook, openAlertGroup, postAlert, uniqueWebhookAlert } from "../helpers/alert-groups";
import { usingPostgres } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startChild, type ChildServer } from "../delivery/child-server";

// Issue 11, bounded storage on SQLite: under a steady load (inbound alerts, state changes, two webhooks each)
// with a retention of ~2.6 s, the database file stops growing; once the load stops, the freed pages go back to
// the file system. Sizes are compared, never durations.
jest.setTimeout(180_000);
const RETENTION_DAYS = "0.00003"; // 2.6 s
const CYCLE_MS = 200;

const describeSqlite = usingPostgres() ? describe.skip : describe;

describeSqlite("bounded storage", () => {
  let dir: string;
  let file: string;
  let receiver: Receiver;
  let child: ChildServer | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-retention-"));
    file = path.join(dir, "outhook.sqlite");
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await child?.kill();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("levels the file off under a steady load and gives the space back afterwards", async () => {
    child = await startChild({ DATABASE_URL: `sqlite:${file}`, RETENTION_DAYS });
    const t = child.client;
    const integration = await createIntegration(t, { type: "webhook" });
    for (let i = 0; i < 2; i++) await createWebhook(t, { trigger_type: "status change", url: `${receiver.url}/h${i}` });
    // A few groups: deliveries of one (webhook, group) go out one at a time, in order.
    const groups: { alert: Record<string, unknown>; id: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const alert = uniqueWebhookAlert();
      groups.push({ alert, id: (await openAlertGroup(t, integration, alert)).id });
    }

    // One cycle: an alert into an open group, acknowledge, unacknowledge (two events, four deliveries), at a
    // steady 5 cycles/s, well below what the machine sustains: the retention window then holds a steady amount.
    let cycles = 0;
    let loading = true;
    const load = (async () => {
      for (let next = Date.now(); loading; next += CYCLE_MS) {
        const { alert, id } = groups[cycles % groups.length];
        await postAlert(t, integration, alert);
        await alertGroupAction(t, id, "acknowledge");
        await alertGroupAction(t, id, "unacknowledge");
        cycles += 1;
        await new Promise((r) => setTimeout(r, Math.max(0, next + CYCLE_MS - Date.now())));
      }
    })();
    const sizeAfter = async (n: number) => {
      await eventually(async () => cycles >= n, 120_000, 100);
      return fs.statSync(file).size;
    };
    const early = await sizeAfter(50); // ~4 retention windows in
    const late = await sizeAfter(150);
    loading = false;
    await load;

    // Three times the cycles: without pruning the file grew 2.7× here (1.07 → 2.94 MB); with it, 0.68 → 0.63 MB.
    expect(late).toBeLessThan(early * 1.4);
    await receiver.waitFor(4 * 150, 60_000); // and every delivery arrived

    // With the load gone every record, delivery and event ages out, and the free pages are handed back.
    const rowsLeft = () => {
      const db = new Database(file, { readonly: true });
      try {
        const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
        return {
          records: count("webhook_response"), deliveries: count("delivery"), events: count("event"),
          autoVacuum: db.pragma("auto_vacuum", { simple: true }) as number,
          freePages: db.pragma("freelist_count", { simple: true }) as number, pages: db.pragma("page_count", { simple: true }) as number,
        };
      } finally {
        db.close();
      }
    };
    let last = {};
    await eventually(async () => {
      const size = fs.statSync(file).size;
      const left = rowsLeft();
      last = { early, late, size, ...left };
      // A file keeps its size after deletes unless free pages are handed back (a few are kept for reuse).
      return left.records + left.deliveries + left.events === 0 && size < late && left.freePages <= left.pages * 0.25;
    }, 60_000, 250).catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(last)}`);
    });
    expect(rowsLeft().autoVacuum).toBe(2); // incremental
  });
});
