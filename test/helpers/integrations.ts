import { randomBytes } from "node:crypto";
import { Integration, Organization, Route } from "../../src/schema/entities";
import type { IntegrationType } from "../../src/schema/entities/integration.entity";
import { newPublicId } from "../../src/schema/public-id";
import type { TestServer } from "./server";

/**
 * An integration with its default route, written straight through the repositories (tests that only need
 * an integration to exist, e.g. webhook integration_filter). Defaults to the bootstrap organization.
 */
export async function createIntegration(
  t: TestServer,
  options: { name?: string; type?: IntegrationType; organizationId?: number; deleted?: boolean } = {},
): Promise<{ integration: Integration; route: Route }> {
  const ds = t.server.dataSource;
  const organizationId =
    options.organizationId ?? (await ds.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } }))!.id;
  const integration = await ds.getRepository(Integration).save({
    publicId: newPublicId("integration"),
    organizationId,
    teamId: null,
    name: options.name ?? `integration ${randomBytes(3).toString("hex")}`,
    descriptionShort: null,
    type: options.type ?? "webhook",
    token: randomBytes(16).toString("hex").slice(0, 25),
    templates: null,
    deletedAt: options.deleted ? new Date() : null,
  });
  const route = await ds.getRepository(Route).save({
    publicId: newPublicId("route"),
    integrationId: integration.id,
    escalationChainId: null,
    isDefault: true,
  });
  return { integration, route };
}
