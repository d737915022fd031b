// Templates must never reach JS functions, constructors, prototypes, process or require —
// neither in the worker (public API) nor when the engine runs in-process.
import { TemplateRenderer } from "../../src/templating";
import { importValue } from "../../src/templating/jinja/context";
import { TemplateCache, render } from "../../src/templating/jinja/engine";

const BODY = 'globalThis.__outhook_pwned = true; return process.version + "|" + Object.keys(process.env).length';
const ESCAPES: string[] = [
  `{{ range.constructor("${BODY}")() }}`,
  `{{ ''.constructor.constructor('${BODY}')() }}`,
  `{{ [].constructor.constructor('${BODY}')() }}`,
  `{{ {}.constructor.constructor('${BODY}')() }}`,
  `{{ (1).constructor.constructor('${BODY}')() }}`,
  `{{ alert_payload.constructor.constructor('${BODY}')() }}`,
  `{{ alert_payload.alerts.constructor.constructor('${BODY}')() }}`,
  `{{ alert_payload["constr" ~ "uctor"]["constr" ~ "uctor"]('${BODY}')() }}`,
  `{{ alert_payload["__proto__"]["constructor"]["constructor"]('${BODY}')() }}`,
  `{{ alert_payload.__proto__.constructor }}`,
  `{{ alert_payload.prototype }}`,
  `{% set f = cycler.constructor %}{{ f('${BODY}')() }}`,
  `{% set f = joiner.constructor %}{{ f('${BODY}')() }}`,
  `{% set f = namespace.constructor %}{{ f('${BODY}')() }}`,
  `{{ dict.constructor('${BODY}')() }}`,
  `{{ time.constructor('${BODY}')() }}`,
  `{{ lipsum.call(none, 1) }}`,
  `{{ dict.apply(none, [[["a", 1]]]) }}`,
  `{{ dict.bind(none)() }}`,
  `{{ namespace.__init__.__globals__ }}`,
  `{{ cycler.__init__.__globals__.os.popen('id').read() }}`,
  `{{ ''.__class__.__mro__[1].__subclasses__() }}`,
  `{{ x.__class__ }}{{ alert_payload.__class__.__base__ }}`,
  `{{ alert_payload._private }}{{ alert_payload.__dict__ }}`,
  `{{ alert_payload | attr("constructor") }}`,
  `{{ alert_payload | attr("__class__") | attr("__init__") }}`,
  `{{ [alert_payload] | map(attribute="constructor") | list }}`,
  `{{ [alert_payload] | map("attr", "constructor") | list }}`,
  `{{ [alert_payload] | selectattr("constructor") | list }}`,
  `{{ [alert_payload] | sort(attribute="constructor.constructor") }}`,
  `{{ [alert_payload] | groupby("constructor") }}`,
  `{{ [alert_payload, alert_payload] | sum(attribute="constructor") }}`,
  `{{ [alert_payload] | unique(attribute="__proto__") | list }}`,
  `{{ [alert_payload] | map(attribute="constructor.constructor") | first }}`,
  `{% macro m() %}{{ caller.constructor('${BODY}')() }}{% endmacro %}{% call m() %}x{% endcall %}`,
  `{% macro m() %}{% endmacro %}{{ m.constructor('${BODY}')() }}`,
  `{% for i in [1] %}{{ loop.constructor('${BODY}')() }}{% endfor %}`,
  `{{ "".format.constructor('${BODY}')() }}`,
  `{{ "{0.constructor.constructor}".format("") }}`,
  `{{ "%s" | format(alert_payload.constructor) }}`,
  `{{ time().constructor }}{{ ("1h" | timedeltaparse).constructor }}`,
  `{{ alert_payload.toString() }}`,
  `{{ alert_payload.hasOwnProperty("a") }}`,
  `{{ [].map }}{{ "".constructor.name }}`,
  `{{ alert_payload.valueOf() }}`,
  `{{ payload.constructor }}`,
  `{{ self }}{{ this }}{{ globalThis }}{{ process }}{{ require }}{{ module }}`,
  `{{ require("fs") }}`,
  `{{ alert_payload.alerts.map }}`,
  `{{ alert_payload.alerts["map"] }}`,
  `{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{{ ns.__proto__ }}`,
  `{{ ("x" | attr("__class__")).__init__ }}`,
  `{{ alert_payload.items.__self__ }}`,
  `{{ alert_payload.items().__iter__ }}`,
  `{{ [1] | map("constructor") | list }}`,
  `{{ [1] | select("constructor") | list }}`,
  `{{ x is constructor }}`,
  `{{ x | constructor }}`,
  `{% set f = range %}{{ f.constructor.constructor('${BODY}')() }}`,
  `{% set d = dict(constructor=1) %}{{ d.constructor.constructor('${BODY}')() }}`,
  `{{ {"__proto__": {"x": 1}}.x }}{{ {}.x }}`,
];

const CONTEXT = { alert_payload: { alerts: [{ a: 1 }], a: "b" } };

function assertNothingRan(text: string): void {
  expect(text).not.toContain(process.version);
  expect(text).not.toMatch(/\[native code\]|function \w*\(/);
  expect((globalThis as Record<string, unknown>).__outhook_pwned).toBeUndefined();
}

describe("sandbox escape attempts", () => {
  const renderer = new TemplateRenderer({ workers: 2 });
  afterAll(() => renderer.close());
  const envBefore = JSON.stringify(process.env);

  it.each(ESCAPES)("worker: %s", async (tpl) => {
    const res = await renderer.render(tpl, CONTEXT);
    assertNothingRan(JSON.stringify(res));
  });

  it.each(ESCAPES)("in-process: %s", (tpl) => {
    const ctx = importValue({ ...CONTEXT, payload: null }) as Map<string, unknown>;
    const res = render(tpl, ctx, performance.now() + 1000, new TemplateCache());
    assertNothingRan(JSON.stringify(res));
    expect(JSON.stringify(process.env)).toBe(envBefore);
  });

  it("refuses underscore attributes that exist on the Python type with OnCall's message", async () => {
    const res = await renderer.render("{{ alert_payload.__class__.__name__ }}", CONTEXT);
    expect(res).toEqual({
      ok: false,
      failure: { kind: "error", message: "Template Error: access to attribute '__class__' of 'dict' object is unsafe." },
    });
  });

  it("treats JS-only names as missing keys (a warning when used), never as properties", async () => {
    const res = await renderer.render("{{ alert_payload.constructor.constructor('return 1')() }}", CONTEXT);
    expect(res).toEqual({
      ok: false,
      failure: { kind: "warning", message: "Template Warning: 'dict object' has no attribute 'constructor'" },
    });
  });

  it("blocks range even in a branch that runs, and Python's SecurityError is an error", async () => {
    const res = await renderer.render("{% if true %}{{ range(10) }}{% endif %}", {});
    expect(res).toEqual({ ok: false, failure: { kind: "error", message: "Template Error: use of 'range' is restricted" } });
  });

  it("keeps __proto__ keys of payloads as data without polluting prototypes", async () => {
    const payload = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": 1}') as Record<string, unknown>;
    const res = await renderer.render("{{ alert_payload['__proto__'].polluted }}|{{ {}.polluted }}", { alert_payload: payload });
    expect(res).toEqual({ ok: true, output: "yes|" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("drops values that are not JSON data (functions never become callable)", async () => {
    let called = false;
    const fn = () => {
      called = true;
      return "ran";
    };
    const res = await renderer.render("{{ f }}|{{ f() }}", { f: fn });
    expect(called).toBe(false);
    expect(res.ok).toBe(false);
  });
});
