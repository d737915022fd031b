import { In, type EntityManager } from "typeorm";
import { idsForIn } from "../db/sql";
import { User, UserNotification, type AlertGroup } from "../schema/entities";
import { stepRecipients, usersInOrder } from "./recipients";
import { snapshotSteps } from "./escalation-snapshot";

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
 * a personal notification webhook was queued for them. Ordered by first notification. One query per call, for
 * any number of groups.
 */
export async function notifiedUsers(em: EntityManager, groups: readonly AlertGroup[]): Promise<Map<number, User[]>> {
  const out = new Map<number, User[]>(groups.map((g) => [g.id, []]));
  if (groups.length === 0) return out;
  const rows = await em.getRepository(UserNotification).find({
    select: { alertGroupId: true, userId: true, id: true },
    where: { alertGroupId: In(idsForIn(groups.map((g) => g.id))) as never },
    order: { id: "ASC" },
  });
  if (rows.length === 0) return out;
  const users = new Map((await em.getRepository(User).find({ where: { id: In(idsForIn(rows.map((r) => r.userId))) as never } })).map((u) => [u.id, u]));
  const orgOf = new Map(groups.map((g) => [g.id, g.organizationId]));
  for (const r of rows) {
    const user = users.get(r.userId);
    const list = out.get(r.alertGroupId)!;
    if (user && user.organizationId === orgOf.get(r.alertGroupId) && !list.includes(user)) list.push(user);
  }
  return out;
}
