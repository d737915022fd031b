import { alertGroupAction, createIntegration, createWebhook, openAlertGroup } from "../helpers/alert-groups";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { allDeliveriesSettled } from "./helpers";

// delivery.md §1–2: which events fire which webhooks, and the `event` object each one carries.
const TRIGGERS = [
  "escalation", "alert group created", "acknowledge", "resolve", "silence",
  "unsilence", "unresolve", "unacknowledge", "status change", "personal notification",
];

describe("events fire exactly the matching webhooks", () => {
  let t: TestServer;
  let receiver: Receiver;
  let admin: any;

  beforeAll(async () => {
    t = await startTestServer();
    receiver = await Receiver.start();
    for (const trigger of TRIGGERS) {
      await createWebhook(t, { trigger_type: trigger, url: `${receiver.url}/${trigger.replace(/ /g, "-")}` });
    }
    // One enabled rule: false never fires, null counts as enabled.
    await createWebhook(t, { trigger_type: "acknowledge", url: `${receiver.url}/disabled`, is_webhook_enabled: false });
    await createWebhook(t, { trigger_type: "resolve", url: `${receiver.url}/enabled-null`, is_webhook_enabled: null });
    admin = (await t.api.get("/api/v1/users/current/")).data;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  /** Runs the step, waits for every delivery to finish, returns the requests it caused (path → body). */
  async function requestsOf(step: () => Promise<void>): Promise<Map<string, any>> {
    const before = receiver.requests.length;
    await step();
    await allDeliveriesSettled(t);
    const got = receiver.requests.slice(before);
    const byPath = new Map(got.map((r) => [r.path.slice(1), r.json]));
    expect(byPath.size).toBe(got.length); // never twice
    return byPath;
  }

  const userObject = () => ({ id: admin.id, username: admin.username, email: admin.email });
  const offsetForm = (z: string | null) => (z === null ? null : z.replace(/Z$/, "+00:00"));

  it("walks every state change of one group", async () => {
    const integration = await createIntegration(t);
    let group: any;

    let got = await requestsOf(async () => void (group = await openAlertGroup(t, integration)));
    expect([...got.keys()]).toEqual(["alert-group-created"]);
    const created = got.get("alert-group-created");
    expect(created.event).toEqual({ type: "alert group created", time: offsetForm(created.alert_group.created_at) });
    expect(created.user).toBeNull();
    expect(created.alert_group.state).toBe("firing");

    got = await requestsOf(() => alertGroupAction(t, group.id, "acknowledge"));
    expect([...got.keys()].sort()).toEqual(["acknowledge", "status-change"]);
    for (const body of got.values()) {
      expect(body.event).toEqual({ type: "acknowledge", time: offsetForm(body.alert_group.acknowledged_at) });
      expect(body.event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
      expect(body.user).toEqual(userObject());
      expect(body.alert_group_acknowledged_by).toEqual(userObject());
      expect(body.alert_group.state).toBe("acknowledged");
    }

    got = await requestsOf(() => alertGroupAction(t, group.id, "unacknowledge"));
    expect([...got.keys()].sort()).toEqual(["status-change", "unacknowledge"]);
    for (const body of got.values()) expect(body.event).toEqual({ type: "unacknowledge" }); // no time key

    got = await requestsOf(() => alertGroupAction(t, group.id, "silence", { delay: 3600 }));
    expect([...got.keys()].sort()).toEqual(["silence", "status-change"]);
    for (const body of got.values()) {
      expect(body.event.type).toBe("silence");
      expect(body.event.time).toBe(offsetForm(body.alert_group.silenced_at));
      const until = Date.parse(body.event.until) - Date.parse(body.event.time);
      expect(Math.round(until / 1000)).toBe(3600);
      expect(body.alert_group.state).toBe("silenced");
    }

    got = await requestsOf(() => alertGroupAction(t, group.id, "unsilence"));
    expect([...got.keys()].sort()).toEqual(["status-change", "unsilence"]);
    for (const body of got.values()) expect(body.event).toEqual({ type: "unsilence" });

    got = await requestsOf(() => alertGroupAction(t, group.id, "silence", { delay: -1 }));
    for (const body of got.values()) expect(body.event.until).toBeNull(); // forever

    got = await requestsOf(() => alertGroupAction(t, group.id, "resolve"));
    expect([...got.keys()].sort()).toEqual(["enabled-null", "resolve", "status-change"]); // resolving a silenced group: resolve only
    for (const body of got.values()) {
      expect(body.event).toEqual({ type: "resolve", time: offsetForm(body.alert_group.resolved_at) });
      expect(body.alert_group_resolved_by).toEqual(userObject());
      expect(body.alert_group.state).toBe("resolved");
    }

    got = await requestsOf(() => alertGroupAction(t, group.id, "unresolve"));
    expect([...got.keys()].sort()).toEqual(["status-change", "unresolve"]);
    for (const body of got.values()) {
      expect(body.event).toEqual({ type: "unresolve" });
      expect(body.alert_group.state).toBe("firing");
    }

    const paths = receiver.requests.map((r) => r.path);
    expect(paths).not.toContain("/disabled");
    expect(paths).not.toContain("/escalation");
    expect(paths).not.toContain("/personal-notification");
  });

  it("records a status-change delivery under the originating trigger, and lists it on /responses", async () => {
    const hooks = (await t.api.get("/api/v1/webhooks/", { params: { perpage: 100 } })).data.results;
    const statusChange = hooks.find((h: any) => h.trigger_type === "status change");
    const res = await t.api.get(`/api/v1/webhooks/${statusChange.id}/responses/`, { params: { perpage: 100 } });
    const types = res.data.results.map((r: any) => JSON.parse(r.event_data).event.type);
    expect(new Set(types)).toEqual(new Set(["acknowledge", "unacknowledge", "silence", "unsilence", "resolve", "unresolve"]));
  });
});
