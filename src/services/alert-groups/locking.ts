import type { EntityManager } from "typeorm";
import { dialectOf, forUpdateClause } from "../../db/dialect";
import { hydrateRow } from "../../db/entity-rows";
import { runStatement } from "../../db/sql";
import { AlertGroup } from "../../schema/entities";

const SQL = {
  sqlite: `SELECT * FROM alert_group WHERE id = :id`,
  postgres: `SELECT * FROM alert_group WHERE id = :id ${forUpdateClause("postgres")}`,
};

/**
 * Loads a group for a state change, holding its row lock until the transaction ends (PostgreSQL; SQLite's
 * writer lock already serialises), so an API action, an inbound signal and a timer never overwrite each other.
 * One prepared statement: the row is locked and read at once.
 */
export async function loadGroupForUpdate(em: EntityManager, id: number): Promise<AlertGroup | null> {
  const { rows } = await runStatement(em, SQL[dialectOf(em)], { id: Math.trunc(id) });
  return rows.length ? hydrateRow(em, AlertGroup, rows[0]) : null;
}
