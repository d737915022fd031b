// Python/Jinja exception model. OnCall turns TypeError, KeyError, ValueError and
// UndefinedError (and their subclasses) into "Template Warning"; everything else
// (syntax, security, ZeroDivision, Overflow, IndexError, ...) into "Template Error".

export type FailureKind = "error" | "warning";

export class PyException extends Error {
  constructor(
    readonly pyType: string,
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

const warn = (t: string) => (msg: string) => new PyException(t, msg, "warning");
const err = (t: string) => (msg: string) => new PyException(t, msg, "error");

export const TypeError_ = warn("TypeError");
export const ValueError_ = warn("ValueError");
export const UndefinedError = warn("UndefinedError");
export const SecurityError = err("SecurityError");
export const TemplateSyntaxError = err("TemplateSyntaxError");
export const TemplateAssertionError = err("TemplateAssertionError");
export const TemplateRuntimeError = err("TemplateRuntimeError");
export const ZeroDivisionError_ = err("ZeroDivisionError");
export const OverflowError_ = err("OverflowError");
export const IndexError_ = err("IndexError");
export const AttributeError_ = err("AttributeError");
export const RecursionError_ = err("RecursionError");
export const RegexError = err("regex.error");
export const AssertionError_ = err("AssertionError");
// KeyError's str() is the repr of the key, e.g. 'Foo/Bar'.
export const KeyError_ = warn("KeyError");

/** Which render limit stopped a render (metrics tell them apart from template mistakes). */
export type RenderLimit = "time" | "memory";

/** Render limits (deadline / memory) — reported as warnings (the render was stopped). */
export class ResourceLimit extends Error {
  constructor(message: string, readonly limit: RenderLimit) {
    super(message);
  }
}

export function deadlineExceeded(): ResourceLimit {
  return new ResourceLimit("template rendering exceeded the time limit", "time");
}

export function memoryExceeded(): ResourceLimit {
  return new ResourceLimit("template rendering exceeded the memory limit", "memory");
}

/** Classify anything thrown during compile/render into OnCall's two classes. */
export function classify(e: unknown): { kind: FailureKind; message: string; limit?: RenderLimit } {
  if (e instanceof PyException) return { kind: e.kind, message: e.message };
  if (e instanceof ResourceLimit) return { kind: "warning", message: e.message, limit: e.limit };
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) {
      return { kind: "error", message: "maximum recursion depth exceeded" };
    }
    // Invalid string/array length, BigInt too big: the template exploded.
    if (/BigInt/i.test(e.message)) return { kind: "error", message: "int too large" };
    return { kind: "warning", message: memoryExceeded().message, limit: "memory" };
  }
  // A JS error here is an engine bug; never leak internals into the record.
  return { kind: "error", message: "internal template engine error" };
}
