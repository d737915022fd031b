import { Column, CreateDateColumn, type ColumnOptions } from "typeorm";

/** An instant. The concrete column type is chosen per driver by `adaptColumnTypes` (dialect.ts). */
export function DateColumn(options: Omit<ColumnOptions, "type"> = {}): PropertyDecorator {
  return Column({ ...options, type: "datetime" });
}

export function CreatedAtColumn(): PropertyDecorator {
  return CreateDateColumn({ type: "datetime", name: "created_at" });
}

/** JSON stored as text on both databases: keeps key order (jsonb would not), which grouping keys rely on. */
export function JsonColumn(options: Omit<ColumnOptions, "type"> = {}): PropertyDecorator {
  return Column({ ...options, type: "simple-json" });
}
