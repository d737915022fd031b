// `users_to_be_notified` and `notified_users` come from the escalation engine (src/services/escalation).
import type { EntityManager } from "typeorm";
import type { AlertGroup, User } from "../schema/entities";
import { notifiedUsers, usersToBeNotified } from "./notified-users";

export interface GroupPeople {
  toBeNotified: User[];
  notified: User[];
}

/** Users the escalation snapshot targets, and users recorded as notified, for each group. */
export async function groupPeople(em: EntityManager, groups: readonly AlertGroup[]): Promise<Map<number, GroupPeople>> {
  const notified = await notifiedUsers(em, groups);
  const out = new Map<number, GroupPeople>();
  for (const group of groups) out.set(group.id, { toBeNotified: await usersToBeNotified(em, group), notified: notified.get(group.id)! });
  return out;
}
