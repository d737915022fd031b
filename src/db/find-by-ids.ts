// Entities by primary key through one prepared statement per entity and list shape. The delivery engine loads a
// few entity kinds per claimed batch; TypeORM's find() spent more time building each query than SQLite spent
// running it. Values are hydrated by the driver exactly as find() would (dates, JSON, column transformers).
import type { EntityManager, EntityMetadata } from "typeorm";
import { idChunks, runStatement } from "./sql";

const selectTexts = new WeakMap<EntityMetadata, string>();

function selectText(metadata: EntityMetadata): string {
  let text = selectTexts.get(metadata);
  if (!text) {
    const columns = metadata.columns.map((c) => `"${c.databaseName}"`).join(", ");
    text = `SELECT ${columns} FROM "${metadata.tableName}" WHERE "${metadata.primaryColumns[0].databaseName}" IN (:...ids)`;
    selectTexts.set(metadata, text);
  }
  return text;
}

export async function findByIds<T extends { id: number }>(
  em: EntityManager,
  entity: new () => T,
  ids: Iterable<number | null | undefined>,
): Promise<Map<number, T>> {
  const unique = [...new Set([...ids].filter((id): id is number => typeof id === "number"))];
  const out = new Map<number, T>();
  if (unique.length === 0) return out;
  const metadata = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  for (const part of idChunks(unique)) {
    const { rows } = await runStatement(em, selectText(metadata), { ids: part });
    for (const raw of rows) {
      const row = metadata.create() as T;
      for (const column of metadata.columns) column.setEntityValue(row, driver.prepareHydratedValue(raw[column.databaseName], column));
      out.set(row.id, row);
    }
  }
  return out;
}
