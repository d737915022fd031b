// The deliveries of one claimed batch share the renders of their common templates (src/attempts/render-memo.ts),
// with the real renderer: a render is shared only where its output cannot differ.
import { RenderMemo } from "../../src/attempts/render-memo";
import { JsonText, TemplateRenderer } from "../../src/templating";

const renderer = new TemplateRenderer();
afterAll(() => renderer.close());

/** A delivery's context as attempt.ts builds it: one JSON text per variable. */
function context(webhookName: string, title = "Disk full"): Record<string, JsonText> {
  return {
    alert_group: new JsonText(JSON.stringify({ id: "IABC", title })),
    webhook: new JsonText(JSON.stringify({ id: `WH${webhookName}`, name: webhookName, labels: {} })),
  };
}

describe("RenderMemo", () => {
  it("renders a template once for webhooks whose contexts differ only in variables it never names", async () => {
    const memo = new RenderMemo(renderer);
    const source = '{"title": "{{ alert_group.title }}"}';
    const first = memo.renderField("data", source, context("a"));
    const second = memo.renderField("data", source, context("b"));
    expect(second).toBe(first);
    expect(await second).toEqual({ ok: true, output: '{"title": "Disk full"}' });
  });

  it("renders again when a variable the template names differs", async () => {
    const memo = new RenderMemo(renderer);
    const source = "{{ webhook.name }}: {{ alert_group.title }}";
    const outputs = await Promise.all([memo.renderField("data", source, context("a")), memo.renderField("data", source, context("b"))]);
    expect(outputs).toEqual([{ ok: true, output: "a: Disk full" }, { ok: true, output: "b: Disk full" }]);
    expect(await memo.renderField("data", "{{ alert_group.title }}", context("a", "CPU hot"))).toEqual({ ok: true, output: "CPU hot" });
  });

  it("keeps fields apart: the same text renders JSON-escaped as data and plain as a URL", async () => {
    const memo = new RenderMemo(renderer);
    const ctx = { alert_group: new JsonText('{"title": "say \\"hi\\""}') };
    const data = await memo.renderField("data", "{{ alert_group.title }}", ctx);
    const url = await memo.renderField("url", "{{ alert_group.title }}", ctx);
    expect(data).not.toEqual(url);
  });

  it("never shares a template that draws random values", () => {
    const memo = new RenderMemo(renderer);
    const source = "{{ [1, 2, 3] | random }}";
    expect(memo.renderField("data", source, context("a"))).not.toBe(memo.renderField("data", source, context("a")));
  });
});
