// The template environment: OnCall's filter/test/global set on top of Jinja's defaults.
import "./datetime-methods";
import { ONCALL_FILTERS } from "./filters-oncall";
import { SEQ_FILTERS } from "./filters-seq";
import { TEXT_FILTERS } from "./filters-text";
import { makeGlobals } from "./globals";
import type { Env, FilterDef, TestDef } from "./runtime";
import { makeTests } from "./tests";

let env: Env | null = null;

export function getEnv(): Env {
  if (env) return env;
  const filters = new Map<string, FilterDef>([...TEXT_FILTERS, ...SEQ_FILTERS, ...ONCALL_FILTERS]);
  const tests = new Map<string, TestDef>();
  env = { filters, tests, globals: makeGlobals() };
  for (const [k, v] of makeTests(() => filters, () => tests)) tests.set(k, v);
  return env;
}
