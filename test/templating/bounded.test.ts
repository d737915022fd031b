// Which templates render on the caller's thread (bounded.ts), and that the guarantees hold either way.
import { isBoundedTemplate } from "../../src/templating/bounded";
import { TemplateRenderer } from "../../src/templating";
import { TYPE_DEFAULTS } from "../../src/services/inbound/default-templates";

const DEADLINE = 300;
const NESTED = "{% for a in l %}{% for b in l %}{% for c in l %}{% for d in l %}x{% endfor %}{% endfor %}{% endfor %}{% endfor %}";

describe("isBoundedTemplate", () => {
  it("admits the integration defaults and plain field templates", () => {
    const defaults = Object.values(TYPE_DEFAULTS).flatMap((d) => [d.groupingKey, d.resolveSignal, d.title]).filter((s) => s !== "alertmanager");
    for (const source of [
      ...defaults,
      '{"id": "{{ alert_group.id }}", "title": "{{ alert_group.title }}"}',
      "{{ value }}",
      '{{ payload.get("labels", {}).get("severity", "none") | upper }}',
      "{% if event.type == 'resolve' and alert_group.state in ['resolved', 'acknowledged'] %}yes{% elif x is defined %}maybe{% else %}no{% endif %}",
      "{{ alert_payload | tojson }}",
      "{{ a ~ b ~ (c + 1) }}{{ l[1:3] }}{{ d['k'] }}{{ x if y else z }}",
    ]) {
      expect([source, isBoundedTemplate(source)]).toEqual([source, true]);
    }
  });

  it("sends loops, macros, calls, costly filters and operators to the pool", () => {
    for (const source of [
      NESTED,
      "{% for x in payload %}{{ x }}{% endfor %}",
      "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
      "{{ range(10) }}",
      "{{ lipsum(1000) }}",
      '{{ "a" * 1000000000 }}',
      "{{ 2 ** 100000 }}",
      '{{ "%999999999s" % "x" }}',
      '{{ x | regex_search("(a+)+$") }}',
      "{{ x | indent(1000000) }}",
      "{{ x | tojson(1000000) }}",
      "{{ x | center(1000000) }}",
      '{{ x | replace("a", "bbbbbbbb") }}',
      "{{ l.append(1) }}",
      "{{ d.update({}) }}",
      "{% set y = 1 %}{{ y }}",
      "{{ x(*args) }}",
      "{% include 'other' %}",
      "{{ unclosed",
    ]) {
      expect([source, isBoundedTemplate(source)]).toEqual([source, false]);
    }
  });
});

describe("renders on either side of the line", () => {
  const renderer = new TemplateRenderer({ deadlineMs: DEADLINE, workers: 1 });
  afterAll(() => renderer.close());

  it("a runaway template still meets the deadline in the pool while bounded renders go on", async () => {
    expect(isBoundedTemplate(NESTED)).toBe(false);
    const items = Array.from({ length: 400 }, (_, i) => i);
    const slow = renderer.render(NESTED, { l: items });
    let slowDone = false;
    void slow.then(() => (slowDone = true));
    expect(await renderer.render('{{ payload.status == "resolved" }}', { payload: { status: "resolved" } })).toEqual({ ok: true, output: "True" });
    expect(slowDone).toBe(false);
    expect(await slow).toEqual({
      ok: false,
      failure: { kind: "warning", limit: "time", message: `Template Warning: template rendering exceeded the time limit (${DEADLINE} ms)` },
    });
  });

  it("a bounded render keeps the output cap", async () => {
    const payload = { text: "x".repeat(120_000) };
    const result = await renderer.render("{{ payload.text }}", { payload });
    expect(result).toEqual({ ok: true, output: "x".repeat(50_000) + ".." });
  });

  it("a bounded render reads a context exactly as the pool does (JSON view of dates and class instances)", async () => {
    const when = new Date("2024-01-02T03:04:05.678Z");
    class Box {
      constructor(readonly v: number) {}
    }
    const bounded = await renderer.render("{{ when }} {{ box }}", { when, box: new Box(3) });
    const pooled = await renderer.render("{% for _ in [1] %}{{ when }} {{ box }}{% endfor %}", { when, box: new Box(3) });
    expect(bounded).toEqual({ ok: true, output: "2024-01-02T03:04:05.678Z {'v': 3}" });
    expect(pooled).toEqual(bounded);
  });
});
