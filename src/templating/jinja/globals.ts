// Template globals: time(), range (blocked), dict, namespace, cycler, joiner, lipsum.
import { bind } from "./call";
import { PyDatetime, UTC } from "./datetime";
import { SecurityError, TypeError_, ValueError_ } from "./errors";
import { hashKey, iterate } from "./ops";
import { FAKE_ADDR, repr } from "./python-repr";
import { Kwargs, MISSING, Markup, PyCallable, PyObj, isInt, toBig } from "./values";

export class Namespace extends PyObj {
  readonly pyName = "Namespace";
  constructor(readonly attrs: Map<unknown, unknown>) {
    super();
  }
  get pyModule(): string {
    return "jinja2.utils";
  }
  getAttr(name: string): unknown {
    return this.attrs.has(name) ? this.attrs.get(name) : MISSING;
  }
  repr(): string {
    return `<Namespace ${repr(this.attrs)}>`;
  }
}

class Cycler extends PyObj {
  readonly pyName = "Cycler";
  private pos = 0;
  constructor(readonly items: unknown[]) {
    super();
  }
  get pyModule(): string {
    return "jinja2.utils";
  }
  private method(name: string, fn: () => unknown): PyCallable {
    return new PyCallable("method", `<bound method Cycler.${name} of ${this.repr()}>`, (a, k) => {
      bind({ fname: name, params: [] }, a, k);
      return fn();
    });
  }
  getAttr(name: string): unknown {
    switch (name) {
      case "items": return [...this.items];
      case "pos": return this.pos;
      case "current": return this.items[this.pos];
      case "next": return this.method("next", () => {
        const rv = this.items[this.pos];
        this.pos = (this.pos + 1) % this.items.length;
        return rv;
      });
      case "reset": return this.method("reset", () => {
        this.pos = 0;
        return null;
      });
    }
    return MISSING;
  }
  repr(): string {
    return `<jinja2.utils.Cycler object at ${FAKE_ADDR}>`;
  }
}

class Joiner extends PyObj {
  readonly pyName = "Joiner";
  private used = false;
  constructor(readonly sep: unknown) {
    super();
  }
  get pyModule(): string {
    return "jinja2.utils";
  }
  getAttr(name: string): unknown {
    return name === "sep" ? this.sep : MISSING;
  }
  call(args: unknown[], kwargs: Kwargs): unknown {
    bind({ fname: "__call__", params: [] }, args, kwargs);
    if (!this.used) {
      this.used = true;
      return "";
    }
    return this.sep;
  }
  repr(): string {
    return `<jinja2.utils.Joiner object at ${FAKE_ADDR}>`;
  }
}

/** Python dict(*args, **kwargs). */
export function makeDict(args: unknown[], kwargs: Kwargs): Map<unknown, unknown> {
  if (args.length > 1) throw TypeError_(`dict expected at most 1 argument, got ${args.length}`);
  const d = new Map<unknown, unknown>();
  const src = args[0];
  if (src instanceof Map) for (const [k, v] of src) d.set(k, v);
  else if (src !== undefined) {
    let i = 0;
    for (const item of iterate(src)) {
      const kv = Array.from(iterate(item));
      if (kv.length !== 2) {
        throw ValueError_(`dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
      }
      d.set(hashKey(kv[0]), kv[1]);
      i++;
    }
  }
  for (const [k, v] of kwargs) d.set(k, v);
  return d;
}

const LOREM = "a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum vitae vivamus viverra volutpat vulputate".split(" ");

function lipsum(n: number, html: boolean, min: number, max: number): string | Markup {
  const paras: string[] = [];
  for (let p = 0; p < Math.min(n, 100); p++) {
    const len = min + Math.floor(Math.random() * (Math.max(max, min) - min + 1));
    const words: string[] = [];
    for (let i = 0; i < Math.min(len, 1000); i++) words.push(LOREM[Math.floor(Math.random() * LOREM.length)]);
    let text = words.join(" ");
    text = text[0].toUpperCase() + text.slice(1) + ".";
    paras.push(html ? `<p>${text}</p>` : text);
  }
  return html ? new Markup(paras.join("\n")) : paras.join("\n\n");
}

function fn(kind: string, reprText: string, f: (a: unknown[], k: Kwargs) => unknown): PyCallable {
  return new PyCallable(kind, reprText, f);
}

export function makeGlobals(): Map<string, unknown> {
  const g = new Map<string, unknown>();
  g.set("range", fn("function", `<function <lambda> at ${FAKE_ADDR}>`, () => {
    throw SecurityError("use of 'range' is restricted");
  }));
  g.set("time", fn("function", `<function now at ${FAKE_ADDR}>`, (a, k) => {
    bind({ fname: "now", params: [] }, a, k);
    const us = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
    return PyDatetime.fromWall(us + 62_135_596_800_000_000n, UTC);
  }));
  g.set("dict", fn("type", "<class 'dict'>", (a, k) => makeDict(a, k)));
  g.set("namespace", fn("type", "<class 'jinja2.utils.Namespace'>", (a, k) => new Namespace(makeDict(a, k))));
  g.set("cycler", fn("type", "<class 'jinja2.utils.Cycler'>", (a, k) => {
    if (k.size) throw TypeError_(`Cycler.__init__() got an unexpected keyword argument '${[...k.keys()][0]}'`);
    if (!a.length) throw TypeError_("at least one item has to be provided");
    return new Cycler(a);
  }));
  g.set("joiner", fn("type", "<class 'jinja2.utils.Joiner'>", (a, k) => {
    const [sep] = bind({ fname: "Joiner.__init__", params: [["sep", ", "]] }, a, k);
    return new Joiner(sep);
  }));
  g.set("lipsum", fn("function", `<function generate_lorem_ipsum at ${FAKE_ADDR}>`, (a, k) => {
    const [n, html, min, max] = bind({ fname: "generate_lorem_ipsum", params: [["n", 5], ["html", true], ["min", 20], ["max", 100]] }, a, k);
    const num = (v: unknown) => (isInt(v) || typeof v === "boolean" ? Number(toBig(v)) : 0);
    return lipsum(num(n), !!html, num(min), num(max));
  }));
  return g;
}

