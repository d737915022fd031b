import { Column, CreateDateColumn, type ColumnOptions } from "typeorm";
import { JsonText } from "../json/json-text";

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

/** JSON text stored as it was received, read back as JsonText: nothing is parsed or rounded on the way. */
export function JsonTextColumn(options: Omit<ColumnOptions, "type" | "transformer"> = {}): PropertyDecorator {
  return Column({
    ...options,
    type: "text",
    transformer: {
      to: (value: unknown) => (value instanceof JsonText ? value.text : value),
      from: (value: unknown) => (typeof value === "string" ? new JsonText(value) : value),
    },
  });
}
