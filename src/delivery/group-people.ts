// `users_to_be_notified` and `notified_users` come from the escalation engine (src/services/escalation).
import type { EntityManager } from "typeorm";
import type { AlertGroup, User } from "../schema/entities";
import { notifiedUsers, usersToBeNotified } from "../services/escalation/notified-users";

/** Users the escalation snapshot targets, and users recorded as notified, for one group. */
export async function groupPeople(em: EntityManager, group: AlertGroup): Promise<{ toBeNotified: User[]; notified: User[] }> {
  const [toBeNotified, notified] = await Promise.all([usersToBeNotified(em, group), notifiedUsers(em, group)]);
  return { toBeNotified, notified };
}
