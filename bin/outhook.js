#!/usr/bin/env node
// `npx outhook <command>`: build with tsc when dist/ is stale, then run the CLI (src/cli/main.ts).
const path = require("node:path");
const { root, ensureBuilt } = require("../scripts/dist-freshness");

ensureBuilt();
require(path.join(root, "dist/src/cli/main.js"));
