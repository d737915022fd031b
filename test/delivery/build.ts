import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../helpers/process";

const ENTRY = path.join(REPO_ROOT, "dist/src/main.js");
const LOCK = path.join(REPO_ROOT, "dist/.test-build-lock");

const { distIsStale } = require("../../scripts/dist-freshness") as { distIsStale(): boolean };
const fresh = () => !distIsStale();

/**
 * Compiles dist/ (tsc) when a source is newer than dist/src/main.js, once even when several test files ask at
 * the same time (a lock directory serialises jest workers). Tests that spawn `node dist/src/main.js` call it.
 */
export async function buildOnce(): Promise<string> {
  for (let waited = 0; !fresh(); waited += 200) {
    fs.mkdirSync(path.dirname(LOCK), { recursive: true });
    try {
      fs.mkdirSync(LOCK);
    } catch {
      if (waited > 180_000) throw new Error("another test process holds the build lock for too long");
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (!fresh()) {
        try {
          execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(REPO_ROOT, "tsconfig.json")], { cwd: REPO_ROOT, stdio: "pipe" });
        } catch (error) {
          // tsc still emits when some file has a type error; only a missing entry point is fatal here.
          if (!fs.existsSync(ENTRY)) throw error;
        }
        const now = new Date();
        fs.utimesSync(ENTRY, now, now);
      }
    } finally {
      fs.rmdirSync(LOCK);
    }
  }
  return ENTRY;
}
