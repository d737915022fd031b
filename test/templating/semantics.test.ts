// Every case was rendered by Jinja2 3.1 configured like OnCall (oracle/gen_cases.py);
// outhook must print the same bytes, or fail with the same kind (error vs warning).
import { JsonText, TemplateRenderer } from "../../src/templating";
import { fixtureContext, normalizeAddresses } from "./helpers";
import { ORACLE_CASES } from "./semantics.cases";

const renderer = new TemplateRenderer({ workers: 2 });
afterAll(() => renderer.close());

const sections = [...new Set(ORACLE_CASES.map((c) => c.section))];

describe.each(sections)("templating.md §%s", (section) => {
  const cases = ORACLE_CASES.filter((c) => c.section === section);
  it.each(cases.map((c) => [c.template.slice(0, 90), c] as const))("%s", async (_name, c) => {
    const ctx = c.contextFile ? fixtureContext(c.contextFile) : new JsonText(c.contextJson ?? "{}");
    const res = await renderer.renderField(c.field, c.template, ctx);
    if (c.expected.ok) {
      expect(res).toEqual({ ok: true, output: expect.any(String) });
      if (res.ok) expect(normalizeAddresses(res.output)).toBe(normalizeAddresses(c.expected.output));
    } else {
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.failure.kind).toBe(c.expected.kind);
        const prefix = c.expected.kind === "error" ? "Template Error: " : "Template Warning: ";
        expect(res.failure.message.startsWith(prefix)).toBe(true);
      }
    }
  });
});
