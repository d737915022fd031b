#!/usr/bin/env node
// `npm run schema:print`: writes the GraphQL schema (sorted SDL) to schema.graphql; test/schema/sdl.test.ts fails
// when the committed file and the code disagree.
const fs = require("node:fs");
const path = require("node:path");
const { root, ensureBuilt } = require("./dist-freshness");

ensureBuilt();
require("reflect-metadata");
const { printOuthookSchema } = require(path.join(root, "dist/src/schema/build-schema.js"));
printOuthookSchema().then((sdl) => {
  fs.writeFileSync(path.join(root, "schema.graphql"), sdl);
  console.log("wrote schema.graphql");
});
