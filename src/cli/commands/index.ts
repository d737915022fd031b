import type { Command } from "commander";
import { registerImportOnCall } from "./import-oncall.command";
import { registerServe } from "./serve.command";

/** Every CLI command, in the order `--help` lists them. */
export const COMMANDS: ((program: Command) => void)[] = [registerServe, registerImportOnCall];
