import type { Command } from "commander";
import { registerBackup } from "./backup.command";
import { registerDeliveries } from "./deliveries.command";
import { registerMigrate } from "./migrate.command";
import { registerRestore } from "./restore.command";
import { registerImportOnCall } from "./import-oncall.command";
import { registerServe } from "./serve.command";
import { registerToken } from "./token.command";
import { registerWebhook } from "./webhook.command";

/**
 * Every CLI command, in the order `--help` lists them. A command file only declares its arguments and help; its
 * action `require`s the module that does the work, so `--help` loads no database, server or services.
 */
export const COMMANDS: ((program: Command) => void)[] = [
  registerServe,
  registerMigrate,
  registerWebhook,
  registerDeliveries,
  registerToken,
  registerBackup,
  registerRestore,
  registerImportOnCall,
];
