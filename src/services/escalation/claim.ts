import type { EntityManager } from "typeorm";
import { dialectOf, skipLockedClause } from "../../db/dialect";
import { AlertGroup } from "../../schema/entities";

/**
 * Claims one alert group whose escalation step is due, inside the caller's transaction, so that two instances
 * never run the same step:
 * - PostgreSQL: `FOR UPDATE SKIP LOCKED` locks the row until the transaction ends; another instance skips it.
 * - SQLite: one writer at a time; the guarded UPDATE below is the claim (a second process sees the due time
 *   cleared and updates nothing).
 * The step runner sets the next due time before the transaction commits; a crash rolls the claim back.
 */
export async function claimDueGroup(em: EntityManager, now: Date, skip: readonly number[]): Promise<AlertGroup | null> {
  const select = em.getRepository(AlertGroup).createQueryBuilder("g")
    .select("g.id", "id")
    .where("g.escalationDueAt <= :now", { now })
    .andWhere("g.escalationStep IS NOT NULL");
  if (skip.length > 0) select.andWhere("g.id NOT IN (:...skip)", { skip });
  select.orderBy("g.escalationDueAt", "ASC").addOrderBy("g.id", "ASC").limit(1);
  const [sql, parameters] = select.getQueryAndParameters();
  const rows: { id: number }[] = await em.query(`${sql} ${skipLockedClause(dialectOf(em))}`, parameters);
  if (rows.length === 0) return null;
  const id = Number(rows[0].id);
  const claimed = await em.getRepository(AlertGroup).createQueryBuilder()
    .update()
    .set({ escalationDueAt: null })
    .where("id = :id AND escalation_due_at <= :now AND escalation_step IS NOT NULL", { id, now })
    .execute();
  if (!claimed.affected) return null;
  return em.getRepository(AlertGroup).findOneBy({ id });
}
