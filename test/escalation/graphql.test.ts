import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";
import { createWebhookRow } from "./helpers";

// Escalation chains and policies over GraphQL: same service, same rules as REST (domain-api.md §7–8).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const POLICY_FIELDS = "id escalationChainId position type important duration personsToNotify actionToTrigger notifyIfTimeFrom notifyIfTimeTo";
const CREATE_CHAIN = `mutation($input: EscalationChainInput!) { createEscalationChain(input: $input) { id name teamId } }`;
const CREATE_POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { ${POLICY_FIELDS} } }`;
const errorOf = (res: { errors?: any[] }) => res.errors?.[0];

it("creates, reads, updates and deletes a chain with its policies", async () => {
  const chain = (await t.gql(CREATE_CHAIN, { input: { name: "gql chain" } })).data.createEscalationChain;
  expect(chain).toEqual({ id: expect.stringMatching(/^F/), name: "gql chain", teamId: null });
  const { user } = await createUserWithToken(t);
  const webhook = await createWebhookRow(t);

  const notify = await t.gql(CREATE_POLICY, { input: { escalationChainId: chain.id, type: "notify_persons", personsToNotify: [user.publicId, "UAAAAAAAAAAAA"], important: true } });
  expect(notify.errors).toBeUndefined();
  expect(notify.data.createEscalationPolicy).toMatchObject({ position: 0, type: "notify_persons", important: true, personsToNotify: [user.publicId], duration: null, actionToTrigger: null });
  const trigger = await t.gql(CREATE_POLICY, { input: { escalationChainId: chain.id, type: "trigger_webhook", actionToTrigger: webhook.publicId, position: 0 } });
  expect(trigger.data.createEscalationPolicy).toMatchObject({ position: 0, actionToTrigger: webhook.publicId, important: null });

  const listed = await t.gql(`query($id: ID) { escalationPolicies(filter: { escalationChainId: $id }) { totalCount nodes { type position } } }`, { id: chain.id });
  expect(listed.data.escalationPolicies).toEqual({ totalCount: 2, nodes: [{ type: "trigger_webhook", position: 0 }, { type: "notify_persons", position: 1 }] });

  const updated = await t.gql(`mutation($id: ID!) { updateEscalationPolicy(id: $id, input: { type: "wait", duration: 90.5 }) { ${POLICY_FIELDS} } }`, { id: notify.data.createEscalationPolicy.id });
  expect(updated.data.updateEscalationPolicy).toMatchObject({ type: "wait", duration: 90, important: null, personsToNotify: null });

  const renamed = await t.gql(`mutation($id: ID!) { updateEscalationChain(id: $id, input: { name: "gql chain 2" }) { name } }`, { id: chain.id });
  expect(renamed.data.updateEscalationChain.name).toBe("gql chain 2");
  expect((await t.gql(`{ escalationChains(filter: { name: "gql chain 2" }) { totalCount } }`)).data.escalationChains.totalCount).toBe(1);

  expect((await t.gql(`mutation($id: ID!) { deleteEscalationChain(id: $id) }`, { id: chain.id })).data.deleteEscalationChain).toBe(true);
  const gone = await t.gql(`query($id: ID!) { escalationPolicy(id: $id) { id } }`, { id: updated.data.updateEscalationPolicy.id });
  expect(errorOf(gone).extensions.code).toBe("NOT_FOUND");
});

it("reports REST's validation errors under camelCase field names", async () => {
  const chain = (await t.gql(CREATE_CHAIN, { input: { name: "gql validation" } })).data.createEscalationChain;
  const dup = await t.gql(CREATE_CHAIN, { input: { name: "gql validation" } });
  expect(errorOf(dup).extensions.fields).toEqual({ nonFieldErrors: ["The fields organization, name must make a unique set."] });

  const fields = await t.gql(CREATE_POLICY, { input: { escalationChainId: chain.id, type: "wait", duration: 30 } });
  expect(errorOf(fields).extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: { duration: ["Ensure this value is greater than or equal to 0:01:00."] } });
  const detail = await t.gql(CREATE_POLICY, { input: { escalationChainId: chain.id, type: "notify_whole_channel" } });
  expect(errorOf(detail)).toMatchObject({ message: "Invalid escalation step type: step is Slack-specific", extensions: { code: "BAD_USER_INPUT", body: { detail: "Invalid escalation step type: step is Slack-specific" } } });
  const time = await t.gql(CREATE_POLICY, { input: { escalationChainId: chain.id, type: "notify_if_time_from_to", notifyIfTimeFrom: "9" } });
  expect(errorOf(time).extensions.fields).toEqual({ notifyIfTimeFrom: ["Time has wrong format. Use one of these formats instead: hh:mm:ssZ."] });
});

it("checks escalation-chains permissions", async () => {
  const viewer = await createUserWithToken(t, { role: "viewer" });
  const denied = await t.gql(CREATE_CHAIN, { input: { name: "viewer chain" } }, viewer.token);
  expect(errorOf(denied).extensions).toMatchObject({ code: "FORBIDDEN", status: 403 });
  expect((await t.gql(`{ escalationChains { totalCount } }`, {}, viewer.token)).errors).toBeUndefined();
});
