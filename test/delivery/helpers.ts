import { In } from "typeorm";
import { Delivery } from "../../src/schema/entities";
import { eventually } from "../helpers/fixtures";
import { DELIVERY_FIELDS } from "../helpers/alert-groups";
import type { TestServer } from "../helpers/server";

/** Resolves once no delivery is pending or in flight (every queued attempt has run and been recorded). */
export async function allDeliveriesSettled(t: TestServer, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => {
    const open = await t.server.dataSource.getRepository(Delivery).count({ where: { status: In(["pending", "in_flight"]) } });
    return open === 0;
  }, timeoutMs);
}

/** Keys of an object in order (payload shapes are compared by key order, as OnCall users' tools do). */
export function keysOf(value: unknown): string[] {
  return Object.keys(value as object);
}

/** GraphQL `triggerWebhook` (manual run as the admin) → the delivery id. */
export async function triggerManually(t: TestServer, webhookId: string, alertGroupId: string): Promise<string> {
  const res = await t.gql(`mutation($w: ID!, $g: ID) { triggerWebhook(webhookId: $w, alertGroupId: $g) { id status } }`, { w: webhookId, g: alertGroupId });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.triggerWebhook.id;
}


export async function deliveryById(t: TestServer, id: string): Promise<any> {
  const res = await t.gql(`query($id: ID!) { delivery(id: $id) { ${DELIVERY_FIELDS} } }`, { id });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.delivery;
}

/** Waits until the delivery is no longer pending or in flight, and returns it with its attempts. */
export async function finishedDelivery(t: TestServer, id: string, timeoutMs = 15_000): Promise<any> {
  return eventually(async () => {
    const d = await deliveryById(t, id);
    return d.status !== "PENDING" && d.status !== "IN_FLIGHT" ? d : null;
  }, timeoutMs);
}
