#!/usr/bin/env node
// `npm start`: build with tsc when dist/ is missing or older than any source file, then run the server.
const { entry, ensureBuilt } = require("./dist-freshness");

ensureBuilt();
require(entry);
