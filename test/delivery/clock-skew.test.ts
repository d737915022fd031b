import path from "node:path";
import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { Delivery } from "../../src/schema/entities";
import { startChild, type ChildServer } from "./child-server";
import { GateReceiver, settle } from "./gate-receiver";

// Leases compare instants written by different processes: claims, heartbeats and recovery use the database's
// clock, so an instance whose clock is behind does not look dead to the others (delivery.md §14.2, no double send).
jest.setTimeout(120_000);

describe("leases across instances with skewed clocks", () => {
  let db: TestDatabase;
  let gate: GateReceiver;
  let behind: ChildServer | undefined;
  let ahead: ChildServer | undefined;
  let onTime: TestServer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    gate = await GateReceiver.start();
  });
  afterAll(async () => {
    await ahead?.kill();
    await behind?.kill();
    await onTime?.stop();
    await gate.close();
    await db.drop();
  });

  it("a claim held by an instance whose clock is 30 s behind is not taken over by an instance on time", async () => {
    behind = await startChild({
      DATABASE_URL: db.url,
      WEBHOOK_RETRY_SCHEDULE: "",
      OUTGOING_WEBHOOK_TIMEOUT: "60", // the request is held well past a lease
      NODE_OPTIONS: `--require ${path.join(__dirname, "skewed-clock.js")}`,
      OUTHOOK_TEST_CLOCK_OFFSET_MS: "-30000",
    });
    const integration = await createIntegration(behind.client, { type: "webhook" });
    await createWebhook(behind.client, { trigger_type: "alert group created", url: `${gate.url}/skew` });
    await openAlertGroup(behind.client, integration, uniqueWebhookAlert());
    const [held] = await gate.waitFor(1, 20_000); // claimed and being sent by the instance that is behind

    onTime = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: "" }, db); // runs lease recovery at start
    await settle(6_000); // its start-up recovery, a periodic one (every 3–5 s) and the other's heartbeats
    expect(gate.received.map((r) => r.path)).toEqual(["/skew"]);

    held.release();
    const repo = onTime.server.dataSource.getRepository(Delivery);
    const [delivery] = await eventually(async () => {
      const rows = await repo.find();
      return rows.every((d) => d.status === "succeeded") && rows;
    }, 20_000);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(gate.received).toHaveLength(1); // sent once
  });

  it("an instance whose clock is 30 s ahead sends new deliveries and redeliveries at once (due times are the database's)", async () => {
    await behind?.kill();
    await onTime?.stop();
    behind = onTime = undefined;
    gate.openGate();
    ahead = await startChild({
      DATABASE_URL: db.url,
      WEBHOOK_RETRY_SCHEDULE: "",
      NODE_OPTIONS: `--require ${path.join(__dirname, "skewed-clock.js")}`,
      OUTHOOK_TEST_CLOCK_OFFSET_MS: "30000",
    });
    const sentAhead = () => gate.received.filter((r) => r.path === "/ahead").length;
    const integration = await createIntegration(ahead.client, { type: "webhook" });
    const hook = await createWebhook(ahead.client, { trigger_type: "alert group created", url: `${gate.url}/ahead` });
    await openAlertGroup(ahead.client, integration, uniqueWebhookAlert());
    await eventually(async () => sentAhead() === 1, 15_000); // not 30 s later

    const res = await ahead.client.gql(`query($w: ID!) { deliveries(filter: { webhookId: $w }, first: 100) { nodes { id status } } }`, { w: hook.id });
    const [delivery] = res.data.deliveries.nodes;
    await eventually(async () => {
      const r = await ahead!.client.gql(`mutation($id: ID) { redeliver(deliveryId: $id) { id } }`, { id: delivery.id });
      return !r.errors;
    });
    await eventually(async () => sentAhead() === 2, 15_000);
  });
});
