// Runtime value model (Python semantics on JS values):
//   None -> null, bool -> boolean, int -> safe-integer number | bigint,
//   float -> non-integral number | PyFloat (integral floats such as 3.0),
//   str -> string | Markup, list -> Array, tuple -> PyTuple, dict -> Map,
//   plus Undefined, generators, dict views and engine objects (PyObj).

export class PyFloat {
  constructor(readonly v: number) {}
}

export class PyTuple {
  constructor(readonly items: unknown[]) {}
}

/** markupsafe.Markup: a string that is already escaped. */
export class Markup {
  constructor(readonly s: string) {}
}

export const MISSING: unique symbol = Symbol("missing");

/** jinja2.Undefined: prints "", is falsy/empty, raises on any other use. */
export class Undefined {
  constructor(
    readonly hint: string | null = null,
    readonly obj: unknown = MISSING,
    readonly name: unknown = null,
    readonly security = false,
  ) {}
}

/** A one-shot iterator (Python generator returned by map/select/unique/...). */
export class PyGen {
  constructor(
    readonly fname: string,
    readonly it: Iterator<unknown>,
    readonly kind = "generator", // Python type name, e.g. "list_reverseiterator"
  ) {}
}

export class PyDictView {
  constructor(
    readonly kind: "keys" | "values" | "items",
    readonly d: Map<unknown, unknown>,
  ) {}
}

export type Kwargs = Map<string, unknown>;

/** Base of engine objects with attributes (namespace, loop, datetime, macro...). */
export abstract class PyObj {
  abstract readonly pyName: string; // type(obj).__name__, e.g. "Namespace"
  get pyModule(): string {
    return "builtins";
  }
  /** Type name as Python's TypeError messages show it (C types carry their module). */
  get tpName(): string {
    return this.pyName;
  }
  /** Attribute lookup; return MISSING when absent. Only own, explicit names. */
  getAttr(_name: string): unknown {
    return MISSING;
  }
  /** Names that exist as Python attributes (used by the sandbox check). */
  hasDunder(_name: string): boolean {
    return false;
  }
  abstract repr(): string;
  // Optional Python protocol hooks (datetime, timedelta, loop ...).
  binop?(op: string, other: unknown, reflected: boolean): unknown; // NOT_IMPL if unsupported
  cmp?(other: unknown): number | typeof NOT_IMPL; // <0, 0, >0
  eq?(other: unknown): boolean;
  truthy?(): boolean;
  len?(): number;
  iter?(): Iterable<unknown>;
  call?(args: unknown[], kwargs: Kwargs): unknown;
}

export const NOT_IMPL: unique symbol = Symbol("NotImplemented");

export type CallFn = (args: unknown[], kwargs: Kwargs) => unknown;

/** A callable implemented by outhook. Nothing else can be called from a template. */
export class PyCallable extends PyObj {
  constructor(
    readonly pyName: string,
    private readonly reprText: string,
    private readonly fn: CallFn,
  ) {
    super();
  }
  call(args: unknown[], kwargs: Kwargs): unknown {
    return this.fn(args, kwargs);
  }
  repr(): string {
    return this.reprText;
  }
}

export function isStr(v: unknown): v is string | Markup {
  return typeof v === "string" || v instanceof Markup;
}

export function strOf(v: string | Markup): string {
  return typeof v === "string" ? v : v.s;
}

export function isInt(v: unknown): v is number | bigint {
  return (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";
}

export function isFloat(v: unknown): v is number | PyFloat {
  return (typeof v === "number" && !Number.isInteger(v)) || v instanceof PyFloat;
}

/** int, float or bool (Python numbers.Number). */
export function isNumber(v: unknown): boolean {
  return typeof v === "number" || typeof v === "bigint" || typeof v === "boolean" || v instanceof PyFloat;
}

export function mkFloat(x: number): number | PyFloat {
  return Number.isInteger(x) ? new PyFloat(x) : x;
}

export function normInt(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

export function mkInt(x: number): number | bigint {
  return Number.isSafeInteger(x) ? x : normInt(BigInt(x));
}

/** Numeric value as a JS double (bool/int/float). */
export function toF(v: unknown): number {
  if (typeof v === "number") return v;
  if (v instanceof PyFloat) return v.v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  return NaN;
}

/** Integer value as bigint (bool/int). */
export function toBig(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  return BigInt(v as number);
}

export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

export function isDict(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map;
}

export function tuple(items: unknown[]): PyTuple {
  return new PyTuple(items);
}

/** groupby() result item: a tuple with .grouper / .list attributes. */
export class GroupTuple extends PyTuple {}
