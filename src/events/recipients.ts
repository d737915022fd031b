import { type EntityManager, In } from "typeorm";
import { EscalationPolicy, User } from "../schema/entities";
import type { SnapshotStep } from "./escalation-snapshot";

/** The users of the group's organization with these ids, in the given order (unknown ids dropped). */
export async function usersInOrder(em: EntityManager, organizationId: number, ids: readonly number[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const users = await em.getRepository(User).find({ where: { organizationId, id: In([...new Set(ids)]) } });
  const byId = new Map(users.map((u) => [u.id, u]));
  return [...new Set(ids)].flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function teamMembers(em: EntityManager, organizationId: number, teamId: number | null): Promise<User[]> {
  if (teamId === null) return [];
  return em.getRepository(User).createQueryBuilder("u")
    .innerJoin("u.teams", "t", "t.id = :teamId", { teamId })
    .where("u.organizationId = :organizationId", { organizationId })
    .orderBy("u.id", "ASC")
    .getMany();
}

/** The round-robin cursor: the live policy's while it exists, else the snapshot's. */
export async function rotationCursor(em: EntityManager, step: SnapshotStep): Promise<number | null> {
  const live = await em.getRepository(EscalationPolicy).findOne({ select: { id: true, lastNotifiedUserId: true }, where: { id: step.policyId } });
  return live ? live.lastNotifiedUserId : step.lastNotifiedUserId;
}

/** notify_person_next_each_time: the user after the last notified one, the list sorted by username. */
export async function nextRotationUser(em: EntityManager, organizationId: number, step: SnapshotStep): Promise<User | undefined> {
  const users = await usersInOrder(em, organizationId, step.personsToNotifyNextEachTime);
  users.sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : a.id - b.id));
  const cursor = await rotationCursor(em, step);
  return nextInRotation(users, (u) => u.id === cursor);
}

/** Who a notify step reaches if it ran now; [] for every other step type. */
export async function stepRecipients(em: EntityManager, organizationId: number, step: SnapshotStep): Promise<User[]> {
  switch (step.type) {
    case "notify_persons":
      return usersInOrder(em, organizationId, step.personsToNotify);
    case "notify_person_next_each_time": {
      const next = await nextRotationUser(em, organizationId, step);
      return next ? [next] : [];
    }
    case "notify_team_members":
      return teamMembers(em, organizationId, step.teamToNotifyId);
    default:
      return [];
  }
}

/** Round robin: the user after `last` in `sorted`, wrapping; the first when `last` is not in the list. */
export function nextInRotation<T>(sorted: readonly T[], isLast: (item: T) => boolean): T | undefined {
  const index = sorted.findIndex(isLast);
  return sorted[(index + 1) % sorted.length];
}
