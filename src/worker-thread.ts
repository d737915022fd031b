// Starts a worker thread from one of our modules, given without extension: `worker.js` under dist/, and under
// ts/jest `worker.ts` compiled on the fly (with what it imports) by @swc/core, with the options of jest.config.js.
import * as path from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";

const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
if (workerData.entry.endsWith(".ts")) {
  const fs = require("node:fs");
  const swc = require(workerData.swc);
  require.extensions[".ts"] = (m, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), {
      filename,
      jsc: { parser: { syntax: "typescript", decorators: true },
             transform: { legacyDecorator: true, decoratorMetadata: true },
             target: "es2022", keepClassNames: true },
      module: { type: "commonjs" },
    });
    m._compile(code, filename);
  };
}
require(workerData.entry);
`;

/** `modulePath`: absolute, without extension; it reads its own data from `workerData.data`. */
export function startWorker(modulePath: string, data: unknown, options: Omit<WorkerOptions, "eval" | "workerData"> = {}): Worker {
  const entry = modulePath + (path.extname(__filename) === ".ts" ? ".ts" : ".js");
  const swc = entry.endsWith(".ts") ? require.resolve("@swc/core") : "";
  return new Worker(BOOTSTRAP, { ...options, eval: true, workerData: { entry, swc, data } });
}
