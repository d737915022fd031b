// The public API as deliveries, the webhooks API and integrations use it.
import {
  FIELD_RECORD_PREFIX, JsonText, TemplateRenderer, isTriggered, isTruthySignal,
} from "../../src/templating";
import { fixtureContext } from "./helpers";

const renderer = new TemplateRenderer();
afterAll(() => renderer.close());

const EVENT = {
  event: { type: "resolve" },
  alert_group_id: "I1",
  alert_payload: { text: 'He said "hi"\nline2', labels: { a: 'x"y' } },
  user: null,
};

describe("record prefixes", () => {
  it("match delivery.md section 8", () => {
    expect(FIELD_RECORD_PREFIX).toEqual({ url: "URL - ", headers: "Headers - ", data: "Data - ", trigger_template: "Trigger - " });
  });
});

describe("renderField", () => {
  it("JSON-escapes the context for data and headers only", async () => {
    const tpl = '{"t": "{{ alert_payload.text }}"}';
    expect(await renderer.renderField("data", tpl, EVENT)).toEqual({ ok: true, output: '{"t": "He said \\"hi\\"\\nline2"}' });
    expect(await renderer.renderField("headers", tpl, EVENT)).toEqual({ ok: true, output: '{"t": "He said \\"hi\\"\\nline2"}' });
    expect(await renderer.renderField("url", tpl, EVENT)).toEqual({ ok: true, output: '{"t": "He said "hi"\nline2"}' });
    expect(await renderer.renderField("trigger_template", "{{ alert_payload.text == 'He said \"hi\"\\nline2' }}", EVENT))
      .toEqual({ ok: true, output: "True" });
  });

  it("defines payload as None", async () => {
    expect(await renderer.renderField("url", "{{ payload }}|{{ payload is none }}", EVENT)).toEqual({ ok: true, output: "None|True" });
  });

  it("restricts a legacy webhook's data context to alert_payload and alert_group_id", async () => {
    const tpl = "{{ alert_group_id }}|{{ alert_payload.labels.a }}|{{ event is defined }}|{{ user is defined }}|{{ payload }}";
    expect(await renderer.renderField("data", tpl, EVENT, { legacy: true })).toEqual({ ok: true, output: 'I1|x\\"y|False|False|None' });
    expect(await renderer.renderField("data", tpl, EVENT)).toEqual({ ok: true, output: 'I1|x\\"y|True|True|None' });
    expect(await renderer.renderField("url", tpl, EVENT, { legacy: true })).toEqual({ ok: true, output: 'I1|x"y|True|True|None' });
  });

  it("accepts JSON text for lossless numbers, as a whole context or per variable", async () => {
    const tpl = "{{ alert_payload.big + 1 }}|{{ alert_payload.f }}";
    const text = '{"big": 12345678901234567890, "f": 3.0}';
    expect(await renderer.renderField("url", tpl, { alert_payload: new JsonText(text) })).toEqual({ ok: true, output: "12345678901234567891|3.0" });
    expect(await renderer.renderField("url", tpl, new JsonText(`{"alert_payload": ${text}}`))).toEqual({ ok: true, output: "12345678901234567891|3.0" });
    // Plain JSON.parse values lose both (documented): integers print as integers.
    expect(await renderer.renderField("url", "{{ alert_payload.f }}", { alert_payload: JSON.parse(text) })).toEqual({ ok: true, output: "3" });
  });

  it("reports failures with OnCall's prefixes", async () => {
    expect(await renderer.renderField("data", "{{ x | to_json }}", EVENT)).toEqual({
      ok: false, failure: { kind: "error", message: "Template Error: No filter named 'to_json'." },
    });
    expect(await renderer.renderField("url", "{{ missing.foo }}", EVENT)).toEqual({
      ok: false, failure: { kind: "warning", message: "Template Warning: 'missing' is undefined" },
    });
  });

  it("renders the fixture payloads", async () => {
    const res = await renderer.renderField("url", "{{ alert_group.id }}/{{ integration.type }}", fixtureContext("alertmanager_acknowledge"));
    expect(res).toEqual({ ok: true, output: "IZQERPWKWCGH1/alertmanager" });
  });
});

describe("render", () => {
  it("uses the context as given, escaping only when asked", async () => {
    expect(await renderer.render("{{ s }}", { s: 'a"b' })).toEqual({ ok: true, output: 'a"b' });
    expect(await renderer.render("{{ s }}", { s: 'a"b' }, { escapeJson: true })).toEqual({ ok: true, output: 'a\\"b' });
    expect(await renderer.render("{{ payload }}", { payload: { state: "ok" } })).toEqual({ ok: true, output: "{'state': 'ok'}" });
  });

  it("renders integration templates with `payload` (inbound.md section 4 defaults)", async () => {
    const payload = { state: "OK", alert_uid: "u1" };
    expect(await renderer.render('{{ payload.get("state", "").upper() == "OK" }}', { payload })).toEqual({ ok: true, output: "True" });
    expect(await renderer.render('{{ payload.get("alert_uid", "") }}', { payload })).toEqual({ ok: true, output: "u1" });
    expect(await renderer.render("{{ payload }}", { payload: new JsonText('{"b": 1, "a": [1.0, null]}') }))
      .toEqual({ ok: true, output: "{'b': 1, 'a': [1.0, None]}" });
  });
});

describe("validate (save time)", () => {
  it.each([
    ["{{ }}", "Template Error: Expected an expression, got 'end of print statement'"],
    ["{{ x | to_json }}", "Template Error: No filter named 'to_json'."],
    ["{{ range(3) }}", "Template Error: use of 'range' is restricted"],
    ["{{ 1/0 }}", "Template Error: division by zero"],
    ["{{ {}.__class__.__name__ }}", "Template Error: access to attribute '__class__' of 'dict' object is unsafe."],
    ['{{ "x" | regex_replace("[", "") }}', expect.stringMatching(/^Template Error: unterminated character set/)],
    ["{% for a in b %}", "Template Error: Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is 'for'."],
  ])("rejects %s", async (tpl, message) => {
    expect(await renderer.validate(tpl)).toEqual(message);
  });

  it.each([
    "{{ event.type.upper() }}",
    "{{ alert_payload.a.b }}",
    "{{ alert_payload.a.b.c }}",
    "{{ alert_group_id }}",
    '{"x": {{ alert_payload.missing | tojson }}}',
    "{% if alert_payload.x %}{{ x | nosuchfilter }}{% endif %}",
    "",
  ])("accepts %s", async (tpl) => {
    expect(await renderer.validate(tpl)).toBeNull();
  });

  it("uses alert_group_1 and a defaultdict(str) alert_payload", async () => {
    const res = await renderer.render("x", {});
    expect(res.ok).toBe(true);
    expect(await renderer.validate('{% if alert_group_id != "alert_group_1" %}{{ 1/0 }}{% endif %}')).toBeNull();
    expect(await renderer.validate('{% if alert_payload.a != "" %}{{ 1/0 }}{% endif %}')).toBeNull();
  });
});

describe("checkSyntax (compile only)", () => {
  it("reports syntax errors and unknown filters/tests outside conditionals", async () => {
    expect(await renderer.checkSyntax("{{ a ? b : c }}")).toBe("Template Error: unexpected char '?' at 5");
    expect(await renderer.checkSyntax("{{ a | nope }}")).toBe("Template Error: No filter named 'nope'.");
    expect(await renderer.checkSyntax("{{ a is nope }}")).toBe("Template Error: No test named 'nope'.");
  });
  it("never runs the template", async () => {
    expect(await renderer.checkSyntax("{{ 1/0 }}{{ range(5) }}{{ missing.x }}")).toBeNull();
    expect(await renderer.checkSyntax("{{ payload.groupKey }}")).toBeNull();
  });
});

describe("isTriggered (templating.md section 8)", () => {
  it.each([
    ["True", true], ["true", true], ["TRUE", true], ["1", true],
    [" True", false], ["True\n", false], ["yes", false], ["ok", false], ["", false], ["false", false], ["None", false], ["01", false],
  ])("%j -> %s", (out, want) => expect(isTriggered(out)).toBe(want));
});

describe("isTruthySignal (inbound.md section 3.4)", () => {
  it.each([
    ["1", true], ["true", true], ["True", true], ["ok", true], [" OK ", true], ["\nok\t", true],
    ["yes", false], ["", false], ["False", false], ["0", false], ["o k", false],
  ])("%j -> %s", (out, want) => expect(isTruthySignal(out)).toBe(want));
});

describe("contexts that cannot cross threads", () => {
  it("are rendered from their JSON view without failing renders batched with them", async () => {
    const jobs = Array.from({ length: 30 }, (_, i) =>
      i === 7 ? renderer.render("{{ n }}|{{ f }}", { n: i, f: () => "x" }) : renderer.render("{{ n }}", { n: i }));
    const results = await Promise.all(jobs);
    expect(results.map((r) => (r.ok ? r.output : r.failure.message)))
      .toEqual(Array.from({ length: 30 }, (_, i) => (i === 7 ? "7|" : String(i))));
  });
});

describe("lifecycle", () => {
  it("close() rejects later renders", async () => {
    const r = new TemplateRenderer({ workers: 1 });
    expect(await r.render("{{ 1 }}", {})).toEqual({ ok: true, output: "1" });
    await r.close();
    await expect(r.render("{{ 1 }}", {})).rejects.toThrow(/closed/);
  });
});
