import type { DataSource, EntityManager } from "typeorm";

/** Runs `work` in one transaction; code that writes receives the EntityManager explicitly. */
export function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}
