import type { EntityManager } from "typeorm";
import type { AlertGroup, User } from "../../schema/entities";
import { UserNotification } from "../../schema/entities";
import { stepRecipients, usersInOrder } from "./recipients";
import { snapshotSteps } from "./snapshot";

/**
 * `users_to_be_notified` (delivery.md §4): every user of notify_persons steps, the next user of round-robin steps
 * and the team members of team steps in the group's escalation snapshot, de-duplicated by id keeping first-seen
 * order. The snapshot outlives the escalation (acknowledge/resolve payloads still report it).
 */
export async function usersToBeNotified(em: EntityManager, group: AlertGroup): Promise<User[]> {
  const seen = new Map<number, User>();
  for (const step of snapshotSteps(group.escalationSnapshot)) {
    for (const user of await stepRecipients(em, group.organizationId, step)) if (!seen.has(user.id)) seen.set(user.id, user);
  }
  return [...seen.values()];
}

/**
 * `notified_users`: outhook's stand-in for OnCall's personal notifications is "recorded as notified by an
 * escalation step" (domain-api.md §8), so every user with a notification row for the group counts, whether or not
 * a personal notification webhook was queued for them. Ordered by first notification.
 */
export async function notifiedUsers(em: EntityManager, group: AlertGroup): Promise<User[]> {
  const rows = await em.getRepository(UserNotification).find({
    select: { userId: true, id: true },
    where: { alertGroupId: group.id },
    order: { id: "ASC" },
  });
  return usersInOrder(em, group.organizationId, rows.map((r) => r.userId));
}
