import type { TestServer } from "../helpers/server";
import { mutate, ok } from "./helpers";

/** Shared by the import tests (not a test file itself). */

export interface SeededSource {
  teams: { platform: string; db: string };
  users: { alex: string; bo: string };
  chains: { main: string; platform: string };
  integrations: { alertmanager: string; formatted: string };
  webhooks: { ticket: string; plain: string; basic: string };
  policies: string[];
}

/**
 * An outhook holding one of everything the importer copies, made through its own APIs (GraphQL for teams and
 * users, which OnCall's REST API only reads).
 */
export async function seedSource(t: TestServer): Promise<SeededSource> {
  const team = async (input: Record<string, unknown>) =>
    (await mutate(t, "mutation($input: TeamInput!) { createTeam(input: $input) { id } }", { input })).createTeam.id as string;
  const user = async (input: Record<string, unknown>) =>
    (await mutate(t, "mutation($input: UserInput!) { createUser(input: $input) { id } }", { input })).createUser.id as string;
  const post = async (resource: string, body: Record<string, unknown>) => (await ok(t.api.post(`/api/v1/${resource}/`, body), 201)).id as string;

  const teams = { platform: await team({ name: "platform" }), db: await team({ name: "db", email: "db@example.com" }) };
  const users = {
    alex: await user({ username: "alex", email: "alex@example.com", role: "EDITOR", timezone: "Europe/Paris", teams: [teams.platform, teams.db] }),
    bo: await user({ username: "bo", email: "bo@example.com", role: "VIEWER" }),
  };
  const chains = {
    main: await post("escalation_chains", { name: "main" }),
    platform: await post("escalation_chains", { name: "platform chain", team_id: teams.platform }),
  };
  const integrations = {
    alertmanager: await post("integrations", { type: "alertmanager", name: "Prometheus", default_route: { escalation_chain_id: chains.main } }),
    formatted: await post("integrations", {
      type: "formatted_webhook", name: "Scripts", description_short: "cron jobs", team_id: teams.platform,
      templates: { grouping_key: "{{ payload.alert_uid }}", web: { title: "{{ payload.title | upper }}" } },
    }),
  };
  const webhooks = {
    ticket: await post("webhooks", {
      name: "Ticket on ack", url: "https://tickets.example.com/api/{{ alert_group_id }}", http_method: "POST",
      trigger_type: "acknowledge", forward_all: false, team: teams.platform,
      data: '{"title": "{{ alert_group.title }}"}', headers: '{"X-Source": "oncall"}',
      authorization_header: "Bearer s3cr3t", integration_filter: [integrations.alertmanager],
    }),
    plain: await post("webhooks", {
      name: "Page the bridge", url: "https://bridge.example.com/page", http_method: "GET", trigger_type: "escalation",
      trigger_template: "{{ alert_group.state == 'firing' }}", is_webhook_enabled: false,
    }),
    basic: await post("webhooks", {
      name: "CMDB", url: "https://cmdb.example.com/hook", http_method: "PUT", trigger_type: "status change", username: "oncall", password: "",
    }),
  };
  const policy = (body: Record<string, unknown>) => post("escalation_policies", body);
  const policies = [
    await policy({ escalation_chain_id: chains.main, type: "wait", duration: 120 }),
    await policy({ escalation_chain_id: chains.main, type: "notify_persons", persons_to_notify: [users.bo, users.alex], important: true }),
    await policy({ escalation_chain_id: chains.main, type: "trigger_webhook", action_to_trigger: webhooks.plain }),
    await policy({ escalation_chain_id: chains.main, type: "notify_team_members", team_to_notify: teams.platform, position: 7 }),
    await policy({ escalation_chain_id: chains.platform, type: "notify_if_time_from_to", notify_if_time_from: "08:00:00Z", notify_if_time_to: "18:00:00Z" }),
    await policy({ escalation_chain_id: chains.platform, type: "notify_person_next_each_time", persons_to_notify_next_each_time: [users.alex, users.bo] }),
    await policy({ escalation_chain_id: chains.platform, type: "repeat_escalation" }),
  ];
  // A gap in the positions (0, 2 in the platform chain): positions are ordering keys and are kept as they are.
  await ok(t.api.delete(`/api/v1/escalation_policies/${policies[5]}/`), 204);
  policies.splice(5, 1);
  return { teams, users, chains, integrations, webhooks, policies };
}
