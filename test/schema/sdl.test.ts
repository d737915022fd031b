import fs from "node:fs";
import path from "node:path";
import { printOuthookSchema } from "../../src/schema/build-schema";
import { REPO_ROOT } from "../helpers/process";

// schema.graphql is the committed artifact docs and clients read: it must be what the code builds.
const committed = () => fs.readFileSync(path.join(REPO_ROOT, "schema.graphql"), "utf8");

it("schema.graphql matches the schema the code builds (regenerate with `npm run schema:print`)", async () => {
  const built = await printOuthookSchema();
  if (built !== committed()) {
    throw new Error("schema.graphql is out of date: run `npm run schema:print` and commit the result");
  }
});

it("is sorted, so it changes only when the schema does", async () => {
  const types = [...committed().matchAll(/^(?:type|input|enum|scalar|interface|union) (\w+)/gm)].map((m) => m[1]);
  expect(types).toEqual([...types].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }) || (a < b ? -1 : 1)));
});

it("previewTemplate keeps its exact shape", () => {
  const sdl = committed();
  const block = (kind: string, name: string) => new RegExp(`^${kind} ${name} \\{[\\s\\S]*?^\\}`, "m").exec(sdl)?.[0];
  expect(sdl).toContain("previewTemplate(input: TemplatePreviewInput!): TemplatePreview!");
  expect(block("type", "TemplatePreview")).toBe(`type TemplatePreview {
  error: TemplateFailure
  output: String

  """Only for TRIGGER_TEMPLATE"""
  triggered: Boolean
}`);
  expect(block("type", "TemplateFailure")).toBe(`type TemplateFailure {
  kind: TemplateFailureKind!

  """\`Template Error: …\` or \`Template Warning: …\`"""
  message: String!

  """The text a delivery would record, e.g. \`Data - Template Warning: …\`"""
  record: String!
}`);
  expect(block("input", "TemplatePreviewInput")).toBe(`input TemplatePreviewInput {
  """Build the payload from this alert group instead"""
  alertGroupId: ID

  """A full event payload, as a delivery would see it"""
  eventData: JSON
  field: TemplateField!
  template: String!
}`);
  expect(block("enum", "TemplateField")).toBe("enum TemplateField {\n  DATA\n  HEADERS\n  TRIGGER_TEMPLATE\n  URL\n}");
  expect(block("enum", "TemplateFailureKind")).toBe("enum TemplateFailureKind {\n  ERROR\n  WARNING\n}");
});
