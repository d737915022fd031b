import type { EntityManager } from "typeorm";
import { dialectOf, forUpdateClause } from "../../db/dialect";
import { AlertGroup } from "../../schema/entities";

/**
 * Loads a group for a state change, holding its row lock until the transaction ends (PostgreSQL; SQLite's
 * writer lock already serialises), so an API action, an inbound signal and a timer never overwrite each other.
 */
export async function loadGroupForUpdate(em: EntityManager, id: number): Promise<AlertGroup | null> {
  await em.query(`SELECT id FROM alert_group WHERE id = ${Math.trunc(id)} ${forUpdateClause(dialectOf(em))}`);
  return em.getRepository(AlertGroup).findOneBy({ id });
}
