import type { Logger, LogFields } from "../../src/logger";
import { openWriter, type Writer } from "../../src/db/writer";
import { AutoPause } from "../../src/delivery/pause/auto-pause";
import { Webhook } from "../../src/schema/entities";
import { createIntegration, createWebhook, openAlertGroup, uniqueWebhookAlert } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";
import { finishedDelivery, triggerManually } from "./helpers";

// README "Failing webhooks pause": a webhook whose deliveries failed for WEBHOOK_PAUSE_AFTER_HOURS without a
// success, with at least WEBHOOK_PAUSE_MIN_FAILURES failed deliveries, is paused until resumeWebhook.
const WINDOW_MS = 3_600; // WEBHOOK_PAUSE_AFTER_HOURS=0.001
const MIN_FAILURES = 3;

const ONCALL_WEBHOOK_KEYS = [
  "id", "name", "is_webhook_enabled", "team", "data", "username", "password", "authorization_header", "trigger_template",
  "headers", "url", "forward_all", "http_method", "trigger_type", "integration_filter", "preset",
];

/** The server's log lines, kept for assertions (at every level the tests look at). */
class KeptLines implements Logger {
  readonly lines: { level: string; message: string; fields: LogFields }[] = [];
  private keep = (level: string) => (message: string, fields: LogFields = {}) => void this.lines.push({ level, message, fields });
  // Properties, not methods: callers pass them on detached (log.warn as a callback).
  readonly debug = () => {};
  readonly info = this.keep("info");
  readonly warn = this.keep("warn");
  readonly error = this.keep("error");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("failing webhooks pause", () => {
  let t: TestServer;
  let receiver: Receiver;
  let groupId: string;
  const log = new KeptLines();

  beforeAll(async () => {
    t = await startTestServer(
      { WEBHOOK_RETRY_SCHEDULE: "0", WEBHOOK_PAUSE_AFTER_HOURS: String(WINDOW_MS / 3_600_000), WEBHOOK_PAUSE_MIN_FAILURES: String(MIN_FAILURES) },
      undefined,
      log,
    );
    receiver = await Receiver.start();
    const integration = await createIntegration(t, { type: "webhook" });
    groupId = (await openAlertGroup(t, integration, uniqueWebhookAlert())).id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  async function webhookState(id: string): Promise<{ pausedAt: string | null; pauseReason: string | null; isWebhookEnabled: boolean | null }> {
    const res = await t.gql(`query($id: ID!) { webhook(id: $id) { pausedAt pauseReason isWebhookEnabled } }`, { id });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.webhook;
  }

  /** Runs `count` manual deliveries of the webhook at once and waits until each has ended. */
  async function deliver(hookId: string, count = 1): Promise<any[]> {
    const ids = await Promise.all(Array.from({ length: count }, () => triggerManually(t, hookId, groupId)));
    return Promise.all(ids.map((id) => finishedDelivery(t, id)));
  }

  /** A webhook whose requests carry `webhook-id` (Standard Webhooks headers come with a signing secret). */
  async function signedWebhook(url: string): Promise<{ id: string }> {
    const hook = await createWebhook(t, { url });
    const res = await t.gql(`mutation($id: ID!) { rotateWebhookSigningSecret(id: $id) }`, { id: hook.id });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return hook;
  }

  async function resume(id: string, redeliverSkipped?: boolean): Promise<any> {
    const res = await t.gql(
      `mutation($id: ID!, $r: Boolean) { resumeWebhook(id: $id, redeliverSkipped: $r) { id pausedAt pauseReason isWebhookEnabled } }`,
      { id, r: redeliverSkipped },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.resumeWebhook;
  }

  it("a dead receiver pauses its webhook: later deliveries are skipped and send nothing; resuming redelivers them", async () => {
    const dead = await Receiver.start();
    dead.always({ status: 500, body: "down" });
    try {
      const hook = await signedWebhook(`${dead.url}/hook`);
      expect((await deliver(hook.id, MIN_FAILURES)).map((d) => d.status)).toEqual(["FAILED", "FAILED", "FAILED"]);
      // Enough failures, but not yet failing for the whole window.
      expect((await webhookState(hook.id)).pausedAt).toBeNull();

      await sleep(WINDOW_MS + 200);
      const [last] = await deliver(hook.id);
      expect(last.status).toBe("FAILED");
      const paused = await eventually(async () => {
        const state = await webhookState(hook.id);
        return state.pausedAt ? state : null;
      });
      expect(paused.pauseReason).toMatch(/^4 deliveries failed and none succeeded since \d{4}-\d\d-\d\dT/);
      expect(paused.isWebhookEnabled).toBe(true); // the user's switch is left alone
      const warned = log.lines.filter((l) => l.level === "warn" && l.message.startsWith("webhook paused"));
      expect(warned).toEqual([expect.objectContaining({ fields: { webhook: hook.id, reason: paused.pauseReason } })]);

      // REST keeps OnCall's shape: no pause fields, is_webhook_enabled unchanged.
      const rest = await t.api.get(`/api/v1/webhooks/${hook.id}/`);
      expect(Object.keys(rest.data)).toEqual(ONCALL_WEBHOOK_KEYS);
      expect(rest.data.is_webhook_enabled).toBe(true);

      const sentBefore = dead.requests.length;
      const skipped = await deliver(hook.id, 2);
      for (const d of skipped) {
        expect(d.status).toBe("SKIPPED");
        expect(d.skipReason).toBe(`Webhook is paused: ${paused.pauseReason}`);
        expect(d.attempts).toEqual([]);
      }
      expect(dead.requests.length).toBe(sentBefore);

      // A test send still goes, so the operator can check the receiver before resuming.
      const test = await t.gql(`mutation($id: ID!) { sendTestEvent(webhookId: $id) { statusCode } }`, { id: hook.id });
      expect(test.data.sendTestEvent.statusCode).toBe(500);
      expect(dead.requests.length).toBe(sentBefore + 1);

      dead.always({ status: 200, body: { ok: true } });
      const resumed = await resume(hook.id, true);
      expect(resumed).toMatchObject({ pausedAt: null, pauseReason: null, isWebhookEnabled: true });
      expect(log.lines).toContainEqual(expect.objectContaining({ level: "info", message: "webhook resumed", fields: { webhook: hook.id, redelivered: 2 } }));
      const redelivered = await Promise.all(skipped.map((d) => finishedDelivery(t, d.id)));
      expect(redelivered.map((d) => d.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
      const webhookIds = dead.requests.slice(sentBefore + 1).map((r) => r.headers["webhook-id"]);
      expect(webhookIds.sort()).toEqual(skipped.map((d) => d.id).sort());

      // Requests flow again, and failures from before the resume no longer count.
      const [after] = await deliver(hook.id);
      expect(after.status).toBe("SUCCEEDED");
      expect(dead.requests.at(-1)!.headers["webhook-id"]).toBe(after.id);
    } finally {
      await dead.close();
    }
  });

  it("a webhook with a success inside the window is not paused, however many failed before", async () => {
    const flaky = await Receiver.start();
    try {
      flaky.always({ status: 500 });
      const hook = await createWebhook(t, { url: `${flaky.url}/hook` });
      await deliver(hook.id, MIN_FAILURES);
      await sleep(WINDOW_MS + 200);
      flaky.always({ status: 200 });
      expect((await deliver(hook.id)).map((d) => d.status)).toEqual(["SUCCEEDED"]);
      flaky.always({ status: 500 });
      expect((await deliver(hook.id, MIN_FAILURES)).every((d) => d.status === "FAILED")).toBe(true);
      // Had the failures before the success counted, this delivery would be skipped.
      flaky.always({ status: 200 });
      const [next] = await deliver(hook.id);
      expect(next.status).toBe("SUCCEEDED");
      expect((await webhookState(hook.id)).pausedAt).toBeNull();
    } finally {
      await flaky.close();
    }
  });

  it("resuming without redeliverSkipped leaves the skipped deliveries skipped; a webhook that is not paused is returned as is", async () => {
    const hook = await signedWebhook(`${receiver.url}/quiet`);
    expect(await resume(hook.id)).toMatchObject({ id: hook.id, pausedAt: null });
    await pauseDirectly(hook.id);
    const [skipped] = await deliver(hook.id);
    expect(skipped.status).toBe("SKIPPED");
    await resume(hook.id);
    const before = receiver.requests.length;
    const [sent] = await deliver(hook.id);
    expect(sent.status).toBe("SUCCEEDED");
    expect(receiver.requests.slice(before).map((r) => r.headers["webhook-id"])).toEqual([sent.id]);
    expect((await finishedDelivery(t, skipped.id)).status).toBe("SKIPPED");
  });

  it("resumeWebhook needs the permission to change webhooks", async () => {
    const hook = await createWebhook(t, { url: `${receiver.url}/perm` });
    await pauseDirectly(hook.id);
    const viewer = (await createUserWithToken(t, { role: "viewer" })).token;
    const res = await t.gql(`mutation($id: ID!) { resumeWebhook(id: $id) { id } }`, { id: hook.id }, viewer);
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await webhookState(hook.id)).pausedAt).not.toBeNull();
  });

  it("of several instances checking at once, exactly one pauses the webhook (and would log it)", async () => {
    const hook = await createWebhook(t, { url: `${receiver.url}/race` });
    const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: hook.id });
    await seedFailures(row.id, MIN_FAILURES, WINDOW_MS * 2);
    const writers: Writer[] = [await openWriter(t.server.dataSource), await openWriter(t.server.dataSource)];
    try {
      const policy = { pauseAfterMs: WINDOW_MS, pauseMinFailures: MIN_FAILURES };
      const results = await Promise.all(writers.map((w) => new AutoPause(w, policy, new KeptLines()).check(row.id)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await webhookState(hook.id)).pausedAt).not.toBeNull();
    } finally {
      for (const w of writers) await w.close();
    }
  });

  /** Stands in for a long outage: failed deliveries that ended `agoMs` ago, written straight into the outbox. */
  async function seedFailures(webhookId: number, count: number, agoMs: number): Promise<void> {
    const finishedAt = new Date(Date.now() - agoMs);
    const [delivery] = await t.server.dataSource.query(`SELECT event_id, alert_group_id, organization_id FROM delivery LIMIT 1`);
    for (let i = 0; i < count; i++) {
      await t.server.dataSource.createQueryBuilder().insert().into("delivery").values({
        publicId: `seed${webhookId}x${i}`, organizationId: delivery.organization_id, eventId: delivery.event_id, webhookId,
        alertGroupId: delivery.alert_group_id, status: "failed", attempts: 1, nextAttemptAt: finishedAt, createdAt: finishedAt, finishedAt,
      }).execute();
    }
  }

  async function pauseDirectly(publicId: string): Promise<void> {
    const row = await t.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId });
    await seedFailures(row.id, MIN_FAILURES, WINDOW_MS * 2);
    const writer = await openWriter(t.server.dataSource);
    try {
      expect(await new AutoPause(writer, { pauseAfterMs: WINDOW_MS, pauseMinFailures: MIN_FAILURES }, new KeptLines()).check(row.id)).toBe(true);
    } finally {
      await writer.close();
    }
  }
});
