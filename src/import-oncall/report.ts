/**
 * What one object became. `skipped`: outhook supports it but something it belongs to was not imported;
 * `rejected`: outhook's rules refused it (the message says which).
 */
export type Outcome = "created" | "updated" | "unchanged" | "conflict" | "rejected" | "skipped" | "unsupported";

export interface ReportEntry {
  /** `team`, `webhook`, … and for what stays behind `schedule`, `route`, … */
  kind: string;
  id: string;
  name: string;
  outcome: Outcome;
  /** Why (conflict, rejected, skipped, unsupported), or the fields that changed (updated). */
  detail: string | null;
  /** What the operator must know or do about an imported object: listed under "Needs attention". */
  notes: string[];
}

export interface ImportReport {
  source: string;
  dryRun: boolean;
  organization: { id: string | null; created: boolean };
  entries: ReportEntry[];
  /** Whole categories left in OnCall (alert groups, notification rules) and endpoints that could not be read. */
  remarks: string[];
}

/** Objects whose outcome means "not in outhook although it should be": the command exits 1. */
export function failed(report: ImportReport): ReportEntry[] {
  return report.entries.filter((e) => e.outcome === "conflict" || e.outcome === "rejected");
}

const KIND_TITLES: Record<string, string> = {
  team: "teams", user: "users", escalation_chain: "escalation chains", integration: "integrations", webhook: "webhooks",
  escalation_policy: "escalation policies",
};
const COLUMNS: Outcome[] = ["created", "updated", "unchanged", "conflict", "rejected", "skipped", "unsupported"];

/** The report as the command prints it: a table of counts, then what changed, what needs attention, what stays behind. */
export function renderReport(report: ImportReport): string {
  const lines: string[] = [];
  const would = (verb: string) => (report.dryRun ? `would be ${verb}` : verb);
  lines.push(`Import from ${report.source}${report.dryRun ? " (dry run: nothing was written)" : ""}`);
  const org = report.organization;
  lines.push(`Organization: ${org.id ?? "(new id)"}${org.created ? ` (${would("created")})` : ""}`);
  lines.push("", ...countTable(report));

  const section = (title: string, entries: ReportEntry[], describe: (e: ReportEntry) => string) => {
    if (entries.length === 0) return;
    lines.push("", `${title} (${entries.length}):`, ...entries.map((e) => `  ${e.kind} ${e.id} ${JSON.stringify(e.name)}${describe(e)}`));
  };
  const of = (outcome: Outcome) => report.entries.filter((e) => e.outcome === outcome);
  section(report.dryRun ? "Would be created" : "Created", of("created"), () => "");
  section(report.dryRun ? "Would be updated" : "Updated", of("updated"), (e) => `: ${e.detail}`);

  const attention = [
    ...of("conflict").map((e) => `  ${e.kind} ${e.id} ${JSON.stringify(e.name)}: conflict, ${report.dryRun ? "would not be" : "not"} imported: ${e.detail}`),
    ...of("rejected").map((e) => `  ${e.kind} ${e.id} ${JSON.stringify(e.name)}: refused by outhook, ${e.detail}`),
    ...of("skipped").map((e) => `  ${e.kind} ${e.id} ${JSON.stringify(e.name)}: skipped, ${e.detail}`),
    ...report.entries.flatMap((e) => e.notes.map((note) => `  ${e.kind} ${e.id} ${JSON.stringify(e.name)}: ${note}`)),
  ];
  if (attention.length > 0) lines.push("", `Needs attention (${attention.length}):`, ...attention);

  const unsupported = of("unsupported");
  if (unsupported.length + report.remarks.length > 0) {
    lines.push("", `Not supported by outhook, left in OnCall (${unsupported.length + report.remarks.length}):`);
    lines.push(...unsupported.map((e) => `  ${e.kind} ${e.id} ${JSON.stringify(e.name)}: ${e.detail}`), ...report.remarks.map((r) => `  ${r}`));
  }

  const newUsers = report.entries.filter((e) => e.kind === "user" && e.outcome === "created");
  if (newUsers.length > 0) {
    lines.push("", "API tokens: OnCall never reveals them, so imported users have none. Create one for each user who calls the API:");
    lines.push(...newUsers.map((u) => `  npx outhook token create --user ${u.id}   # ${u.name}`));
  }
  return lines.join("\n") + "\n";
}

function countTable(report: ImportReport): string[] {
  const kinds = [...new Set(report.entries.map((e) => e.kind))];
  const width = Math.max(20, ...kinds.map((k) => (KIND_TITLES[k] ?? k).length + 1));
  const header = "".padEnd(width) + COLUMNS.map((c) => c.padStart(12)).join("");
  const rows = kinds.map((kind) => {
    const counts = COLUMNS.map((outcome) => report.entries.filter((e) => e.kind === kind && e.outcome === outcome).length);
    return (KIND_TITLES[kind] ?? kind).padEnd(width) + counts.map((n) => String(n).padStart(12)).join("");
  });
  return rows.length > 0 ? [header, ...rows] : ["Nothing to import."];
}
