// The shared-event-data migration on records written before it, whose snapshots held `responses` alone: after
// it, and after going back down, every record reads as the event_data it sent. SQLite and PostgreSQL.
import "reflect-metadata";
import { DataSource } from "typeorm";
import { createDataSource } from "../../ormconfig";
import { MIGRATIONS } from "../../src/db/migrations";
import { SharedEventData1796620830667 } from "../../src/db/migrations/1796620830667-shared-event-data";
import { runStatement } from "../../src/db/sql";
import { WebhookResponse } from "../../src/schema/entities";
import { responseViews } from "../../src/services/webhooks/view";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
afterAll(() => db.drop());

const RESPONSES = '{"WHAAAAAAAAAAAA": {"ok": true}}';
const OLD_WHOLE = `{"event": {"type": "acknowledge"}, "responses": ${RESPONSES}, "webhook": {"id": "WHBBBBBBBBBBBB"}}`;
const NEW_SHARED = '{"event": {"type": "resolve"}, "alert_payload": {"a": 1}';
const NEW_OWN = ', "webhook": {"id": "WHBBBBBBBBBBBB"}}';

async function insertRecord(ds: DataSource, eventData: string, hash: string | null, at: number | null): Promise<void> {
  await runStatement(ds,
    `INSERT INTO webhook_response (organization_id, webhook_id, attempt, trigger_type, timestamp, status_code, event_data, responses_hash, responses_at)
     VALUES (1, 1, 1, 0, :now, 200, :eventData, :hash, :at)`, { now: new Date(), eventData, hash, at });
}

const readBack = async (ds: DataSource) =>
  (await responseViews(ds.manager, await ds.getRepository(WebhookResponse).find({ order: { id: "ASC" } }))).map((v) => v.eventData);

it("puts the responses key into the snapshots stored before it, and takes it out again on the way down", async () => {
  db = await createTestDatabase();
  const options = createDataSource(db.url).options;
  const earlier = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(SharedEventData1796620830667)) });
  await earlier.initialize();
  await earlier.runMigrations();
  // As the earlier version stored it: the text without `, "responses": <text>`, cut at the key.
  const at = OLD_WHOLE.indexOf(', "responses": ');
  await runStatement(earlier, "INSERT INTO responses_snapshot (hash, text) VALUES (:hash, :text)", { hash: "a".repeat(64), text: RESPONSES });
  await insertRecord(earlier, OLD_WHOLE.slice(0, at) + OLD_WHOLE.slice(at + ', "responses": '.length + RESPONSES.length), "a".repeat(64), at);
  await earlier.destroy();

  const after = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(SharedEventData1796620830667) + 1) });
  await after.initialize();
  try {
    expect((await after.runMigrations()).map((m) => m.name)).toEqual(["SharedEventData1796620830667"]);
    expect(await readBack(after)).toEqual([OLD_WHOLE]);
    // A record as this version stores it: its own part, the shared part put back at 0.
    await runStatement(after, "INSERT INTO responses_snapshot (hash, text) VALUES (:hash, :text)", { hash: "b".repeat(64), text: NEW_SHARED });
    await insertRecord(after, NEW_OWN, "b".repeat(64), 0);
    expect(await readBack(after)).toEqual([OLD_WHOLE, NEW_SHARED + NEW_OWN]);

    await after.undoLastMigration();
    const rows = await after.query("SELECT event_data, responses_hash, responses_at FROM webhook_response ORDER BY id");
    expect(rows[1]).toMatchObject({ event_data: NEW_SHARED + NEW_OWN, responses_hash: null, responses_at: null });
    expect(await after.query("SELECT hash, text FROM responses_snapshot")).toEqual([{ hash: "a".repeat(64), text: RESPONSES }]);
  } finally {
    await after.destroy();
  }
});
