// Whether dist/ must be rebuilt: its entry point is missing or older than a TypeScript source it is built from.
// Asked by `npm start` and `npx outhook` (ensureBuilt) and by the tests that spawn the built server (test/delivery/build.ts).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const entry = path.join(root, "dist/src/main.js");

function newestMtime(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (item.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function distIsStale() {
  const sources = Math.max(newestMtime(path.join(root, "src")), fs.statSync(path.join(root, "ormconfig.ts")).mtimeMs);
  return !fs.existsSync(entry) || fs.statSync(entry).mtimeMs < sources;
}

/** Builds with tsc when dist/ is stale (a fresh clone, or sources edited since). */
function ensureBuilt() {
  if (!distIsStale()) return;
  process.stderr.write("building outhook (tsc)…\n");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], { stdio: "inherit", cwd: root });
  fs.utimesSync(entry, new Date(), new Date());
}

module.exports = { root, entry, distIsStale, ensureBuilt };
