// The foreign-keys migration on a database written by earlier versions, which left rows pointing at deleted
// rows (an alert-group delete kept its events, deliveries and records): it removes or detaches them, as the keys
// would have, and then adds the keys. SQLite and PostgreSQL.
import "reflect-metadata";
import { DataSource } from "typeorm";
import { createDataSource } from "../../ormconfig";
import { ForeignKeys1796530603519 } from "../../src/db/migrations/1796530603519-foreign-keys";
import { MIGRATIONS } from "../../src/db/migrations";
import { Alert, AlertGroupEvent, Delivery, Route, WebhookResponse } from "../../src/schema/entities";
import { JsonText } from "../../src/json/json-text";
import { runStatement } from "../../src/db/sql";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

let db: TestDatabase;
afterAll(() => db.drop());

const GONE = 999_999;

it("clears the orphans earlier versions left, then adds the keys", async () => {
  db = await createTestDatabase();
  const before = createDataSource(db.url);
  const earlier = new DataSource({ ...before.options, migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(ForeignKeys1796530603519)) });
  await earlier.initialize();
  await earlier.runMigrations();
  const now = new Date();
  await earlier.getRepository(Alert).insert({ publicId: "AORPHAN00001", organizationId: 1, alertGroupId: GONE, payload: new JsonText("{}"), isResolveSignal: false, createdAt: now });
  const event = await earlier.getRepository(AlertGroupEvent).save({ organizationId: 1, alertGroupId: GONE, type: 0, userId: null, webhookId: null, escalationPolicyId: null, detail: null, createdAt: now });
  await earlier.getRepository(Delivery).insert({ publicId: "DORPHAN00001", organizationId: 1, eventId: event.id, webhookId: 1, alertGroupId: GONE, status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now });
  // Written as that version's table had it (later migrations add columns the entity now carries).
  const insertRecord = async (alertGroupId: number | null, deliveryId: number | null) =>
    (await runStatement<{ id: number }>(earlier,
      `INSERT INTO webhook_response (organization_id, webhook_id, alert_group_id, delivery_id, attempt, trigger_type, timestamp, status_code, event_data)
       VALUES (1, 1, :alertGroupId, :deliveryId, 1, 0, :now, 200, '{}') RETURNING id`, { alertGroupId, deliveryId, now })).rows[0];
  await insertRecord(GONE, null);
  const kept = { id: Number((await insertRecord(null, GONE)).id) };
  const route = await earlier.getRepository(Route).save({ publicId: "RORPHAN00001", integrationId: 1, escalationChainId: GONE, isDefault: true });
  await earlier.destroy();

  const after = createDataSource(db.url);
  await after.initialize();
  try {
    expect((await after.runMigrations()).map((m) => m.name)).toContain("ForeignKeys1796530603519");
    expect(await after.getRepository(Alert).count()).toBe(0);
    expect(await after.getRepository(AlertGroupEvent).count()).toBe(0);
    expect(await after.getRepository(Delivery).count()).toBe(0);
    expect(await after.getRepository(WebhookResponse).find()).toEqual([expect.objectContaining({ id: kept.id, deliveryId: null })]);
    expect(await after.getRepository(Route).findOneByOrFail({ id: route.id })).toMatchObject({ escalationChainId: null });
    await expect(after.getRepository(Alert).insert({ publicId: "AORPHAN00002", organizationId: 1, alertGroupId: GONE, payload: new JsonText("{}"), isResolveSignal: false, createdAt: now }))
      .rejects.toThrow(/foreign key/i);
  } finally {
    await after.destroy();
  }
});
