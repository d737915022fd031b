import { Webhook } from "../../src/schema/entities";
import { startTestServer, type TestServer } from "../helpers/server";

// Presets (webhooks-api.md "Presets" with the README ruling): `""`, `null` or the current value are no change.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const METHOD_ERROR = "Must be one of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']";
let counter = 0;
const minimal = (extra: Record<string, unknown> = {}) => ({
  name: `preset ${++counter}`, url: "https://example.com/hook", http_method: "POST", trigger_type: "resolve", ...extra,
});
const create = (extra: Record<string, unknown>) => t.api.post("/api/v1/webhooks/", minimal(extra));
const createOk = async (extra: Record<string, unknown> = {}) => {
  const res = await create(extra);
  expect(res.status).toBe(201);
  return res.data;
};

describe("presets", () => {
  const presetRow = async (preset: string) => {
    const created = await createOk();
    await t.server.dataSource.getRepository(Webhook).update({ publicId: created.id }, { preset });
    return { ...created, preset };
  };
  const PRESET = "Preset webhooks must be modified through web UI";

  it("a preset key with \"\" or null means no change (Terraform sends \"\"); any other value is refused", async () => {
    const created = await createOk({ preset: "" });
    expect(created.preset).toBeNull();
    expect((await createOk({ preset: null })).preset).toBeNull();
    for (const bad of ["simple_webhook", "advanced_webhook", 5]) {
      expect((await create({ preset: bad })).data).toEqual({ preset: [PRESET] });
    }
    expect((await t.api.patch(`/api/v1/webhooks/${created.id}/`, { preset: "simple_webhook" })).data).toEqual({ preset: [PRESET] });
    expect((await t.api.put(`/api/v1/webhooks/${created.id}/`, { preset: "", name: "renamed with preset key" })).status).toBe(200);
  });

  it("a simple_webhook preset webhook cannot be updated, only after every field passed", async () => {
    const hook = await presetRow("simple_webhook");
    for (const verb of ["put", "patch"] as const) {
      const res = await t.api[verb](`/api/v1/webhooks/${hook.id}/`, { name: "changed" });
      expect([res.status, res.data]).toEqual([400, { non_field_errors: [PRESET] }]);
    }
    expect((await t.api.patch(`/api/v1/webhooks/${hook.id}/`, { http_method: "get" })).data).toEqual({ http_method: [METHOD_ERROR] });
    // Read, list and delete stay allowed and show the preset.
    expect((await t.api.get(`/api/v1/webhooks/${hook.id}/`)).data).toEqual(hook);
    const listed = (await t.api.get("/api/v1/webhooks/", { params: { name: hook.name } })).data.results;
    expect(listed).toEqual([hook]);
    expect((await t.api.delete(`/api/v1/webhooks/${hook.id}/`)).status).toBe(204);
  });

  it("an advanced_webhook preset webhook is updated like any other; sending its own preset is no change", async () => {
    const hook = await presetRow("advanced_webhook");
    const res = await t.api.put(`/api/v1/webhooks/${hook.id}/`, { ...hook, name: "advanced edited", preset: "advanced_webhook" });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ...hook, name: "advanced edited" });
    expect((await t.api.patch(`/api/v1/webhooks/${hook.id}/`, { preset: "simple_webhook" })).data).toEqual({ preset: [PRESET] });
  });
});
