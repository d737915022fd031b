// The caller-thread renders share imported JSON contexts (import-memo.ts); each text and escape mode imports once.
import { ImportMemo } from "../../src/templating/import-memo";
import { TemplateRenderer, JsonText } from "../../src/templating";

describe("ImportMemo", () => {
  it("imports a text once per escape mode and keeps a bounded number of entries", () => {
    const memo = new ImportMemo(2);
    const a = memo.importJson('{"s": "a\\"b"}', false) as Map<string, unknown>;
    expect(memo.importJson('{"s": "a\\"b"}', false)).toBe(a);
    const escaped = memo.importJson('{"s": "a\\"b"}', true) as Map<string, unknown>;
    expect(escaped).not.toBe(a);
    expect([a.get("s"), escaped.get("s")]).toEqual(['a"b', 'a\\"b']);
    expect(memo.importJson('{"s": "a\\"b"}', true)).toBe(escaped);
    memo.importJson("[1]", false);
    memo.importJson("[2]", false); // a third text pushes out the least recently used
    expect(memo.importJson('{"s": "a\\"b"}', false)).not.toBe(a);
  });
});

describe("renders sharing one payload text", () => {
  const renderer = new TemplateRenderer({ workers: 1 });
  afterAll(() => renderer.close());

  it("give each field its own escaping, and a pool render cannot change what the next render sees", async () => {
    const payload = new JsonText('{"labels": ["x"], "title": "say \\"hi\\""}');
    const field = (source: string, field: "url" | "data") => renderer.renderField(field, source, { alert_payload: payload });
    expect(await field("{{ alert_payload.title }}", "url")).toEqual({ ok: true, output: 'say "hi"' });
    expect(await field("{{ alert_payload.title }}", "data")).toEqual({ ok: true, output: 'say \\"hi\\"' });
    // A mutating template runs in the pool on its own copy.
    expect(await field("{% for _ in [1] %}{{ alert_payload.labels.append('y') }}{% endfor %}{{ alert_payload.labels }}", "url")).toEqual({ ok: true, output: "None['x', 'y']" });
    expect(await field("{{ alert_payload.labels }}", "url")).toEqual({ ok: true, output: "['x']" });
  });
});
