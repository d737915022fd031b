// Layers point one way (README "Layout"): the floor imports nothing above it; services and the delivery engine
// stand on the floor and never import each other.
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./helpers/process";

const SRC = path.join(REPO_ROOT, "src");
const FLOOR = ["db", "json", "schema/entities", "templating", "http", "events", "attempts"];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The src-relative folders a file imports from. */
function importedFolders(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)));
}

function violations(from: string, forbidden: string[]): string[] {
  const out: string[] = [];
  for (const file of filesUnder(path.join(SRC, from))) {
    for (const target of importedFolders(file)) {
      if (forbidden.some((f) => target === f || target.startsWith(`${f}/`))) out.push(`${path.relative(SRC, file)} -> ${target}`);
    }
  }
  return out;
}

describe("layers", () => {
  it.each(FLOOR)("the floor folder %s imports neither services, the engine nor the surfaces", (folder) => {
    expect(violations(folder, ["services", "delivery", "rest", "schema/resolvers"])).toEqual([]);
  });

  it("services never import the delivery engine", () => {
    expect(violations("services", ["delivery", "rest", "schema/resolvers"])).toEqual([]);
  });

  it("the delivery engine never imports services or the surfaces", () => {
    expect(violations("delivery", ["services", "rest", "schema/resolvers"])).toEqual([]);
  });
});
