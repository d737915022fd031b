// jinja2.Undefined messages and failure (UndefinedError, or SecurityError for unsafe attributes).
import { SecurityError, UndefinedError } from "./errors";
import { objectTypeRepr, repr, strRepr } from "./python-repr";
import { MISSING, Undefined } from "./values";

export function undefinedMessage(u: Undefined): string {
  if (u.hint) return u.hint;
  if (u.obj === MISSING) return `${repr(u.name)} is undefined`;
  if (typeof u.name !== "string") return `${objectTypeRepr(u.obj)} has no element ${repr(u.name)}`;
  return `${strRepr(objectTypeRepr(u.obj))} has no attribute ${strRepr(u.name)}`;
}

export function failUndefined(u: Undefined): never {
  const msg = undefinedMessage(u);
  throw u.security ? SecurityError(msg) : UndefinedError(msg);
}

export function undef(name: string): Undefined {
  return new Undefined(null, MISSING, name);
}
