// ESM-only packages jest must transpile to CommonJS (p-queue 9 and its p-timeout).
const esmOnly = ["p-queue", "p-timeout"];
module.exports = {
  testEnvironment: "node",
  setupFiles: ["reflect-metadata"],
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 30000,
  maxWorkers: 2,
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
