import { importActor } from "../../src/import-oncall/organization";
import { DetailError, ValidationError } from "../../src/errors";
import { Organization } from "../../src/schema/entities";
import type { Actor } from "../../src/services/actor";
import { createIntegration } from "../helpers/integrations";
import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// The services accept OnCall's ids on create (src/services/kept-ids.ts) only when they fit and are free anywhere.
let t: TestServer;
let actor: Actor;

beforeAll(async () => {
  t = await startTestServer();
  actor = importActor(await t.server.dataSource.getRepository(Organization).findOneByOrFail({}));
});
afterAll(() => t.close());

const webhook = { name: "kept", url: "https://example.com", httpMethod: "POST", triggerType: "resolve" };

describe("creating with a kept id", () => {
  it("stores OnCall's id, longer ones too (OnCall lengthens an id after a collision)", async () => {
    const view = await t.server.services.webhooks.create(actor, { ...webhook, name: "long" }, undefined, { publicId: "WHAB1CD2EF3GH4", preset: null });
    expect(view.id).toBe("WHAB1CD2EF3GH4");
    const chain = await t.server.services.escalation.chains.create(actor, { name: "kept" }, { publicId: "FAB1CD2EF3GH4J" });
    expect(chain.chain.publicId).toBe("FAB1CD2EF3GH4J");
  });

  it("refuses an id with another prefix, OnCall's excluded letters or past the column's 16 characters", async () => {
    for (const publicId of ["FAB1CD2EF3GH4", "WHAB1CD2EF3GO4", "WHAB1CD2EF3G04", "WHAB1CD2EF3GH4JK2", "WHAB1"]) {
      await expect(t.server.services.webhooks.create(actor, webhook, undefined, { publicId, preset: null })).rejects.toThrow(ValidationError);
    }
  });

  it("refuses an id another organization's object holds, with a 409", async () => {
    const other = await createUserWithToken(t, { newOrganization: true, username: "other-org-admin" });
    const clash = t.server.services.users.create(actor, { username: "clash" }, { publicId: other.user.publicId });
    await expect(clash).rejects.toMatchObject({ status: 409, detail: `The id ${other.user.publicId} is already taken.` });
  });

  it("never reuses the inbound token of a deleted integration", async () => {
    const { integration } = await createIntegration(t, { deleted: true });
    const create = t.server.services.integrations.create(actor, { type: "webhook", name: "reuse" }, {
      publicId: "CAB1CD2EF3GH4", routePublicId: "RAB1CD2EF3GH4", token: integration.token,
    });
    await expect(create).rejects.toBeInstanceOf(DetailError);
    await expect(create).rejects.toMatchObject({ status: 409 });
    expect((await t.api.get("/api/v1/integrations/CAB1CD2EF3GH4/")).status).toBe(404); // nothing left behind
  });

  it("keeps a Grafana id when it is free, else takes the next free one", async () => {
    const kept = await t.server.services.users.create(actor, { username: "g-kept" }, { publicId: "UAB1CD2EF3GH4", grafanaId: 41 });
    const next = await t.server.services.users.create(actor, { username: "g-next" }, { publicId: "UAB1CD2EF3GH5", grafanaId: 41 });
    expect([kept.grafanaId, next.grafanaId]).toEqual([41, 42]);
  });
});
