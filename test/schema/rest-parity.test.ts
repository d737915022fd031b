import { getNamedType, isInputObjectType, type GraphQLSchema } from "graphql";
import type { Router } from "express";
import { apiRouter, type RestDeps } from "../../src/rest/router";
import { buildOuthookSchema } from "../../src/schema/build-schema";

// Nothing a REST client can do is impossible over GraphQL: every /api/v1 route has its GraphQL counterpart,
// and every REST list filter an input field. A new REST route fails here until it is mapped.
const ROUTES: Record<string, string[]> = {
  "GET /webhooks": ["Query.webhooks"],
  "POST /webhooks": ["Mutation.createWebhook"],
  "GET /webhooks/:id": ["Query.webhook"],
  // PUT resets an absent team and integration filter: send teamId: null / integrationFilter: null.
  "PUT /webhooks/:id": ["Mutation.updateWebhook"],
  "PATCH /webhooks/:id": ["Mutation.updateWebhook"],
  "DELETE /webhooks/:id": ["Mutation.deleteWebhook"],
  "GET /webhooks/:id/responses": ["Query.webhookResponses"],
  // The legacy actions are the same rows under other names (actions-api.md).
  "GET /actions": ["Query.webhooks"],
  "POST /actions": ["Mutation.createWebhook"],
  "GET /actions/:id": ["Query.webhook"],
  "PUT /actions/:id": ["Mutation.updateWebhook"],
  "PATCH /actions/:id": ["Mutation.updateWebhook"],
  "DELETE /actions/:id": ["Mutation.deleteWebhook"],
  "GET /integrations": ["Query.integrations"],
  "POST /integrations": ["Mutation.createIntegration"],
  "GET /integrations/:id": ["Query.integration"],
  "PUT /integrations/:id": ["Mutation.updateIntegration"],
  "PATCH /integrations/:id": ["Mutation.updateIntegration"],
  "DELETE /integrations/:id": ["Mutation.deleteIntegration"],
  "GET /alert_groups": ["Query.alertGroups"],
  "GET /alert_groups/:id": ["Query.alertGroup"],
  "DELETE /alert_groups/:id": ["Mutation.deleteAlertGroup"],
  "POST /alert_groups/:id/acknowledge": ["Mutation.acknowledgeAlertGroup"],
  "POST /alert_groups/:id/unacknowledge": ["Mutation.unacknowledgeAlertGroup"],
  "POST /alert_groups/:id/resolve": ["Mutation.resolveAlertGroup"],
  "POST /alert_groups/:id/unresolve": ["Mutation.unresolveAlertGroup"],
  "POST /alert_groups/:id/silence": ["Mutation.silenceAlertGroup"],
  "POST /alert_groups/:id/unsilence": ["Mutation.unsilenceAlertGroup"],
  "GET /alerts": ["Query.alerts"],
  "GET /escalation_chains": ["Query.escalationChains"],
  "POST /escalation_chains": ["Mutation.createEscalationChain"],
  "GET /escalation_chains/:id": ["Query.escalationChain"],
  "PUT /escalation_chains/:id": ["Mutation.updateEscalationChain"],
  "PATCH /escalation_chains/:id": ["Mutation.updateEscalationChain"],
  "DELETE /escalation_chains/:id": ["Mutation.deleteEscalationChain"],
  "GET /escalation_policies": ["Query.escalationPolicies"],
  "POST /escalation_policies": ["Mutation.createEscalationPolicy"],
  "GET /escalation_policies/:id": ["Query.escalationPolicy"],
  "PUT /escalation_policies/:id": ["Mutation.updateEscalationPolicy"],
  "PATCH /escalation_policies/:id": ["Mutation.updateEscalationPolicy"],
  "DELETE /escalation_policies/:id": ["Mutation.deleteEscalationPolicy"],
  "GET /users": ["Query.users"],
  "GET /users/current": ["Query.currentUser"],
  "GET /users/:id": ["Query.user"],
  "GET /teams": ["Query.teams"],
  "GET /teams/:id": ["Query.team"],
  "GET /organizations/:id": ["Query.organization"],
};

/** REST query parameters (domain-api.md, webhooks-api.md) → the GraphQL list argument's input fields. */
const FILTERS: [field: string, params: Record<string, string>][] = [
  ["Query.webhooks", { name: "name", team_id: "teamId" }],
  ["Query.integrations", { name: "name", team_id: "teamId" }],
  ["Query.alertGroups", {
    id: "id", integration_id: "integrationId", route_id: "routeId", team_id: "teamId", state: "state",
    started_at: "createdAfter", label: "labels",
  }],
  ["Query.alerts", { id: "id", alert_group_id: "alertGroupId", search: "search" }],
  ["Query.escalationChains", { name: "name", team_id: "teamId" }],
  ["Query.escalationPolicies", { escalation_chain_id: "escalationChainId" }],
  ["Query.users", { email: "email", username: "username", roles: "roles" }],
  ["Query.teams", { name: "name" }],
];

function restRoutes(): string[] {
  const anything: unknown = new Proxy({}, { get: () => anything });
  const out: string[] = [];
  const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) if (method !== "_all") out.push(`${method.toUpperCase()} ${layer.route.path}`);
      if (layer.handle?.stack) walk(layer.handle.stack as never);
    }
  };
  walk((apiRouter(anything as RestDeps) as Router & { stack: never }).stack);
  return out;
}

function field(schema: GraphQLSchema, path: string) {
  const [type, name] = path.split(".");
  return (type === "Query" ? schema.getQueryType() : schema.getMutationType())?.getFields()[name];
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildOuthookSchema();
});

it("every REST route has a GraphQL counterpart", () => {
  const routes = restRoutes();
  expect(routes.length).toBeGreaterThan(40);
  expect(routes.filter((route) => !(route in ROUTES))).toEqual([]);
  const missing = Object.values(ROUTES).flat().filter((path) => !field(schema, path));
  expect(missing).toEqual([]);
});

it("every REST list filter is a field of the GraphQL list's filter input", () => {
  for (const [path, params] of FILTERS) {
    const input = getNamedType(field(schema, path)!.args.find((a) => a.name === "filter")!.type);
    expect(isInputObjectType(input)).toBe(true);
    const fields = isInputObjectType(input) ? Object.keys(input.getFields()) : [];
    for (const [param, name] of Object.entries(params)) expect({ path, param, has: fields.includes(name) }).toEqual({ path, param, has: true });
  }
});
