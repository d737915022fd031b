import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import axios from "axios";
import { createWebhook } from "../helpers/alert-groups";
import { eventually } from "../helpers/fixtures";
import { installedProgram, runProgram, type ExternalProgram } from "../helpers/external-program";
import { freePort } from "../helpers/ports";
import { Receiver } from "../helpers/receiver";
import { startTestServer, type TestServer } from "../helpers/server";
import { createIntegration, groupsOf, inboundPath, type IntegrationJson } from "../inbound/helpers";

// A real Alertmanager (Debian's prometheus-alertmanager) notifies outhook's inbound link, as in production:
// its own payloads, batching and resolve notifications, not a fixture we wrote.
const ALERTMANAGER = installedProgram("/usr/bin/prometheus-alertmanager", "/usr/bin/alertmanager");
const describeWithAlertmanager = ALERTMANAGER ? describe : describe.skip;
if (!ALERTMANAGER) console.log("skipped: real Alertmanager tests (apt-get install prometheus-alertmanager; .ci/run does)");

describeWithAlertmanager("a real Alertmanager posting to the inbound link", () => {
  let t: TestServer;
  let receiver: Receiver;
  let integration: IntegrationJson;
  let alertmanager: ExternalProgram;
  let amUrl: string;
  let dir: string;

  beforeAll(async () => {
    t = await startTestServer();
    receiver = await Receiver.start();
    integration = await createIntegration(t, "alertmanager");
    await createWebhook(t, { name: "created", trigger_type: "alert group created", url: `${receiver.url}/created`, forward_all: true });
    await createWebhook(t, { name: "resolved", trigger_type: "resolve", url: `${receiver.url}/resolved`, forward_all: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-am-"));
    const config = [
      "route:",
      "  receiver: outhook",
      "  group_by: ['alertname']",
      "  group_wait: 0s",
      "  group_interval: 1s",
      "  repeat_interval: 1h",
      "receivers:",
      "  - name: outhook",
      "    webhook_configs:",
      `      - url: '${t.url}${inboundPath(integration)}'`,
      "        send_resolved: true",
    ].join("\n");
    fs.writeFileSync(path.join(dir, "alertmanager.yml"), config);
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    alertmanager = runProgram(ALERTMANAGER!, [
      `--config.file=${path.join(dir, "alertmanager.yml")}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
    ]);
    await eventually(async () => (await axios.get(`${amUrl}/-/ready`, { validateStatus: () => true }).catch(() => null))?.status === 200, 20_000)
      .catch(() => { throw new Error(`Alertmanager did not start:\n${alertmanager.output()}`); });
  }, 40_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await receiver?.close();
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const postToAlertmanager = (alerts: unknown[]) => axios.post(`${amUrl}/api/v2/alerts`, alerts);
  const labels = { alertname: "DiskFull", instance: "db-1", severity: "critical" };

  it("opens an alert group from Alertmanager's notification and fires the webhook with its payload", async () => {
    await postToAlertmanager([{ labels, annotations: { summary: "disk full on db-1" }, startsAt: new Date().toISOString() }]);
    const [created] = await receiver.waitFor(1, 20_000);
    expect(created.path).toBe("/created");
    const payload = created.json.alert_payload;
    expect(payload).toMatchObject({ status: "firing", receiver: "outhook", groupLabels: { alertname: "DiskFull" }, numFiring: 1, numResolved: 0 });
    expect(payload.alerts[0]).toMatchObject({ status: "firing", labels, annotations: { summary: "disk full on db-1" } });
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "firing", title: expect.stringContaining("DiskFull") });
  }, 30_000);

  it("resolves the group when Alertmanager sends the resolved notification", async () => {
    await postToAlertmanager([{ labels, annotations: { summary: "disk full on db-1" }, startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date().toISOString() }]);
    const resolved = await eventually(async () => receiver.requests.find((r) => r.path === "/resolved"), 20_000);
    // delivery.md: `alert_payload` stays the group's first (firing) alert; `last_alert` is the resolved notification.
    expect(resolved.json.alert_payload).toMatchObject({ status: "firing" });
    expect(resolved.json.alert_group.last_alert.payload).toMatchObject({ status: "resolved", numFiring: 0, numResolved: 1 });
    expect(resolved.json.event.type).toBe("resolve");
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ state: "resolved", alerts_count: 2 });
  }, 30_000);
});
