import type { EntityManager } from "typeorm";
import { EscalationPolicy } from "../../schema/entities";

/**
 * `position` is an ordering key, not a dense index (domain-api.md §8), moved the way OnCall's OrderedModel does:
 * deleting leaves gaps, a position past the end is kept as given, moving to an occupied position shifts the
 * policies between the old and the new position by one towards the gap.
 */
export async function endPosition(em: EntityManager, chainId: number): Promise<number> {
  const max = await em.getRepository(EscalationPolicy).maximum("position", { escalationChainId: chainId });
  return max === null || max === undefined ? 0 : max + 1;
}

/** `-1` = the end: nothing to do for a policy just created there, else the current highest position. */
export async function movePolicy(
  em: EntityManager, policy: EscalationPolicy, target: number, options: { created: boolean; swap: boolean },
): Promise<void> {
  const repo = em.getRepository(EscalationPolicy);
  const siblings = await repo.find({ where: { escalationChainId: policy.escalationChainId }, order: { position: "ASC", id: "ASC" } });
  if (target === -1) {
    if (options.created) return;
    target = Math.max(...siblings.map((p) => p.position));
  }
  const from = siblings.find((p) => p.id === policy.id)?.position ?? policy.position;
  if (from === target) return;

  const changed: EscalationPolicy[] = [];
  if (options.swap) {
    // Terraform's manual_order: deterministic under concurrent requests.
    const occupant = siblings.find((p) => p.id !== policy.id && p.position === target);
    if (occupant) changed.push(Object.assign(occupant, { position: from }));
  } else {
    for (const p of siblings) {
      if (p.id === policy.id) continue;
      if (from < target && p.position > from && p.position <= target) changed.push(Object.assign(p, { position: p.position - 1 }));
      if (from > target && p.position >= target && p.position < from) changed.push(Object.assign(p, { position: p.position + 1 }));
    }
  }
  for (const p of changed) await repo.update({ id: p.id }, { position: p.position });
  policy.position = target;
  await repo.update({ id: policy.id }, { position: target });
}
