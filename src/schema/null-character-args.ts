import { getNullableType, isInputObjectType, type GraphQLResolveInfo } from "graphql";
import type { ResolverData } from "type-graphql";
import { refuseNullCharacters } from "../services/null-characters";

const checked = new WeakSet<object>();

/**
 * GraphQL's side of the one NUL check (REST's is in rest/handler.ts): TypeGraphQL calls this for each argument,
 * it checks all of a call's arguments once. An input object's fields are reported by their own names, as REST
 * reports body fields (`createWebhook(input: {name: "a\u0000"})` → `fields: {name: [...]}`).
 */
export function refuseNullCharacterArgs(_value: unknown, _type: unknown, { args, info }: ResolverData<object>): void {
  if (checked.has(args)) return;
  checked.add(args);
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (isInputObjectArg(info, name) && value !== null && typeof value === "object") Object.assign(fields, value);
    else fields[name] = value;
  }
  refuseNullCharacters(fields);
}

function isInputObjectArg(info: GraphQLResolveInfo, name: string): boolean {
  const arg = info.parentType.getFields()[info.fieldName]?.args.find((a) => a.name === name);
  return arg !== undefined && isInputObjectType(getNullableType(arg.type));
}
