/** The Python type name OnCall (DRF) prints for a JSON value, e.g. "Expected a list of items but got type \"str\"." */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function expectedDictionary(value: unknown): string {
  return `Expected a dictionary of items but got type "${pythonTypeName(value)}".`;
}
