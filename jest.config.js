// ESM-only packages jest must transpile to CommonJS (p-queue 9 and its p-timeout).
const esmOnly = ["p-queue", "p-timeout"];
module.exports = {
  testEnvironment: "node",
  setupFiles: ["reflect-metadata"],
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 30000,
  maxWorkers: 2,
  // Test files leave memory behind in their worker (each loads the whole app anew; where it stays reachable is
  // not pinned down): a worker's heap grew to ~900 MB over a full run, and a worker that large took longer to exit
  // than jest waits ("A worker process has failed to exit gracefully"). A worker past this is replaced between files.
  workerIdleMemoryLimit: "512MB",
  transform: {
    "^.+\\.[tj]s$": ["@swc/jest", {
      jsc: {
        parser: { syntax: "typescript", decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: "es2022",
        keepClassNames: true,
      },
      module: { type: "commonjs" },
      sourceMaps: "inline",
    }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join("|")})/)`],
};
