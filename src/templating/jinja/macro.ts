// jinja2.runtime.Macro: macros, call blocks' `caller`, argument binding rules.
import { RecursionError_, TypeError_ } from "./errors";
import { Out, Scope } from "./runtime";
import { Kwargs, MISSING, Markup, PyObj, PyTuple, Undefined } from "./values";

export interface MacroBody {
  name: string;
  args: string[];
  defaults: ((s: Scope) => unknown)[];
  body: (s: Scope, out: Out) => void;
  usesCaller: boolean;
  usesKwargs: boolean;
  usesVarargs: boolean;
}

const MAX_DEPTH = 250; // Python's recursion limit stops Jinja macros at about this depth

export class Macro extends PyObj {
  readonly pyName = "Macro";
  constructor(
    readonly def: MacroBody,
    private readonly defScope: Scope,
  ) {
    super();
  }
  get pyModule(): string {
    return "jinja2.runtime";
  }
  getAttr(name: string): unknown {
    switch (name) {
      case "name": return this.def.name;
      case "arguments": return new PyTuple([...this.def.args]);
      case "catch_kwargs": return this.def.usesKwargs;
      case "catch_varargs": return this.def.usesVarargs;
      case "caller": return this.def.usesCaller;
    }
    return MISSING;
  }
  repr(): string {
    return `<Macro '${this.def.name}'>`;
  }
  call(args: unknown[], kwargsIn: Kwargs): unknown {
    const d = this.def;
    const kwargs = new Map(kwargsIn);
    const scope = new Scope(this.defScope, this.defScope.rt);
    const rt = scope.rt;
    const values: unknown[] = args.slice(0, d.args.length);
    let foundCaller = false;
    if (values.length !== d.args.length) {
      for (let i = values.length; i < d.args.length; i++) {
        const name = d.args[i];
        if (kwargs.has(name)) {
          values.push(kwargs.get(name));
          kwargs.delete(name);
        } else values.push(MISSING);
        if (name === "caller") foundCaller = true;
      }
    } else foundCaller = d.args.includes("caller");
    if (d.usesCaller && !foundCaller) {
      const caller = kwargs.get("caller");
      kwargs.delete("caller");
      scope.vars.set("caller", caller ?? new Undefined("No caller defined", MISSING, "caller"));
    }
    if (d.usesKwargs) scope.vars.set("kwargs", kwargs);
    else if (kwargs.size) {
      if (kwargs.has("caller")) {
        throw TypeError_(`macro '${d.name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
      }
      throw TypeError_(`macro '${d.name}' takes no keyword argument '${[...kwargs.keys()][0]}'`);
    }
    if (d.usesVarargs) scope.vars.set("varargs", new PyTuple(args.slice(d.args.length)));
    else if (args.length > d.args.length) {
      throw TypeError_(`macro '${d.name}' takes not more than ${d.args.length} argument(s)`);
    }
    const firstDefault = d.args.length - d.defaults.length;
    for (let i = 0; i < d.args.length; i++) {
      let v = values[i];
      if (v === MISSING) {
        v = i >= firstDefault ? d.defaults[i - firstDefault](scope)
          : new Undefined(`parameter '${d.args[i]}' was not provided`, MISSING, d.args[i]);
      }
      scope.vars.set(d.args[i], v);
    }
    if (++rt.macroDepth > MAX_DEPTH) {
      rt.macroDepth = 0;
      throw RecursionError_("maximum recursion depth exceeded while calling a Python object");
    }
    rt.tick();
    try {
      const out = new Out();
      d.body(scope, out);
      return scope.autoescape ? new Markup(out.toString()) : out.toString();
    } finally {
      rt.macroDepth = Math.max(0, rt.macroDepth - 1);
    }
  }
}
