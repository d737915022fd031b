#!/usr/bin/env node
// `npm start`: build with tsc when dist/ is missing or older than any source file, then run the server.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { root, entry, distIsStale } = require("./dist-freshness");

if (distIsStale()) {
  process.stderr.write("building outhook (tsc)…\n");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], { stdio: "inherit", cwd: root });
  fs.utimesSync(entry, new Date(), new Date());
}
require(entry);
