import type { Command } from "commander";
import { importFromOnCall } from "../../import-oncall/import-oncall";
import { progressOn } from "../../import-oncall/progress";
import { failed, renderReport } from "../../import-oncall/report";

export function registerImportOnCall(program: Command): void {
  program
    .command("import-oncall")
    .description(
      "copy teams, users, integrations, escalation chains and policies and outgoing webhooks from a running Grafana OnCall " +
        "into the database of DATABASE_URL, keeping their ids and inbound links; run it again to bring changes over",
    )
    .requiredOption("--from <url>", "OnCall's base URL, e.g. https://oncall.example.com")
    .requiredOption("--token <token>", "an OnCall API token (an admin's: it reads every object)")
    .option("--dry-run", "print what would be created and updated; write nothing")
    .addHelpText("after", "\nExits 1 when an object could not be imported (a conflict, or refused by outhook's rules); see the report.")
    .action(async (options: { from: string; token: string; dryRun?: boolean }) => {
      const report = await importFromOnCall({
        from: options.from, token: options.token, dryRun: Boolean(options.dryRun), env: process.env, progress: progressOn(process.stderr),
      });
      process.stdout.write(renderReport(report));
      if (failed(report).length > 0) process.exitCode = 1;
    });
}
