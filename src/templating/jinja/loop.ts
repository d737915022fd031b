// jinja2.runtime.LoopContext: the `loop` variable inside {% for %}.
import { bind } from "./call";
import { TypeError_ } from "./errors";
import { eq } from "./ops";
import { Kwargs, MISSING, PyCallable, PyObj, PyTuple, Undefined } from "./values";

export class LoopContext extends PyObj {
  readonly pyName = "LoopContext";
  index0 = -1;
  private lastChanged: unknown[] | null = null;
  constructor(
    readonly items: unknown[],
    readonly depth0: number,
    private readonly recurse: ((items: unknown, depth: number) => unknown) | null,
  ) {
    super();
  }
  get pyModule(): string {
    return "jinja2.runtime";
  }
  private method(name: string, fn: (a: unknown[], k: Kwargs) => unknown): PyCallable {
    return new PyCallable("method", `<bound method LoopContext.${name} of ${this.repr()}>`, fn);
  }
  getAttr(name: string): unknown {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case "index": return i + 1;
      case "index0": return i;
      case "revindex": return n - i;
      case "revindex0": return n - i - 1;
      case "first": return i === 0;
      case "last": return i === n - 1;
      case "length": return n;
      case "depth": return this.depth0 + 1;
      case "depth0": return this.depth0;
      case "previtem": return i > 0 ? this.items[i - 1] : new Undefined("there is no previous item");
      case "nextitem": return i + 1 < n ? this.items[i + 1] : new Undefined("there is no next item");
      case "cycle": return this.method("cycle", (a, k) => {
        const [items] = bind({ fname: "cycle", params: ["*args"] }, a, k) as [unknown[]];
        if (!items.length) throw TypeError_("no items for cycling given");
        return items[i % items.length];
      });
      case "changed": return this.method("changed", (a, k) => {
        const [vals] = bind({ fname: "changed", params: ["*args"] }, a, k) as [unknown[]];
        if (this.lastChanged && eq(new PyTuple(this.lastChanged), new PyTuple(vals))) return false;
        this.lastChanged = vals;
        return true;
      });
    }
    return MISSING;
  }
  len(): number {
    return this.items.length;
  }
  call(args: unknown[], kwargs: Kwargs): unknown {
    const [it] = bind({ fname: "__call__", params: ["iterable"] }, args, kwargs);
    if (!this.recurse) throw TypeError_("The loop must have the 'recursive' marker to be called recursively.");
    return this.recurse(it, this.depth0 + 1);
  }
  repr(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }
}
