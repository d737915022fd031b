// All vectors of test/fixtures/templates/cases.json (copied from the spec), compared as its README says.
import * as fs from "node:fs";
import * as path from "node:path";
import { FIELD_RECORD_PREFIX, TemplateField, TemplateRenderer, isTriggered } from "../../src/templating";
import { FIXTURES, fixtureContext } from "./helpers";

interface Vector {
  id: string;
  category: string;
  field: TemplateField;
  template: string;
  context: string | Record<string, unknown>;
  expected: { ok: true; output: string; triggered?: boolean } | { ok: false; kind: "error" | "warning"; record: string };
}

const vectors: Vector[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, "cases.json"), "utf8"));
const renderer = new TemplateRenderer();
afterAll(() => renderer.close());

it("has the fixture vectors", () => {
  expect(vectors.length).toBeGreaterThanOrEqual(79);
});

it.each(vectors.map((v) => [v.id, v] as const))("%s", async (_id, v) => {
  const ctx = typeof v.context === "string" ? fixtureContext(v.context) : v.context;
  const e = v.expected;
  if (v.field === "trigger_template" && v.template === "" && e.ok) {
    // An empty trigger template is never rendered: it always triggers (templating.md section 8).
    expect(e.triggered).toBe(true);
    return;
  }
  const res = await renderer.renderField(v.field, v.template, ctx);
  if (e.ok) {
    expect(res).toEqual({ ok: true, output: e.output });
    if (v.field === "trigger_template" && res.ok) expect(isTriggered(res.output)).toBe(e.triggered);
  } else {
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.failure.kind).toBe(e.kind);
    const recorded = FIELD_RECORD_PREFIX[v.field] + res.failure.message;
    const expectedPrefix = e.record.slice(0, e.record.indexOf(": ") + 2); // e.g. "Data - Template Warning: "
    expect(recorded.startsWith(expectedPrefix)).toBe(true);
  }
});
