import { MAPPERS, importObjects } from "./import-objects";
import type { ImportedKind } from "./mapper";
import { OnCallClient, type OnCallObject } from "./oncall-client";
import { createOrganization, findOrganization, importActor } from "./organization";
import { leftInOnCall, remarks } from "./left-in-oncall";
import { NO_PROGRESS, type Progress } from "./progress";
import type { ImportReport } from "./report";
import { readSource, type SourceSnapshot } from "./source";
import { openImportTarget } from "./target-database";
import { TargetState } from "./target-state";

export interface ImportOptions {
  /** OnCall's base URL. */
  from: string;
  /** An OnCall API token. */
  token: string;
  /** Plan and report; write nothing. */
  dryRun: boolean;
  /** Where DATABASE_URL (and SECRET_KEY) come from, as for the server. */
  env: NodeJS.ProcessEnv;
  progress?: Progress;
}

/**
 * `outhook import-oncall`: reads everything from OnCall first (a source that fails leaves the database
 * untouched), then writes it through the services under the same ids. Running it again changes only what
 * changed at the source.
 */
export async function importFromOnCall(options: ImportOptions): Promise<ImportReport> {
  const progress = options.progress ?? NO_PROGRESS;
  const client = new OnCallClient(options.from, options.token);
  let snapshot: SourceSnapshot;
  try {
    snapshot = await readSource(client, progress);
  } finally {
    progress.stop(); // a failed read must not leave the terminal's cursor hidden
    client.close();
  }

  const target = await openImportTarget(options.env, options.dryRun);
  try {
    let organization = target ? await findOrganization(target.dataSource, snapshot.organizationId) : null;
    const created = organization === null;
    if (!organization && !options.dryRun) organization = await createOrganization(target!.dataSource, snapshot.organizationId);
    const access = target && organization ? { services: target.services, actor: importActor(organization) } : null;

    const sources = importedSources(snapshot);
    const state = target ? await TargetState.load(target.dataSource, access, MAPPERS, sources) : TargetState.empty();
    progress.start(Object.values(sources).reduce((n, list) => n + list.length, 0), options.dryRun ? "planning" : "importing");
    const entries = await importObjects(sources, { target: state, services: options.dryRun ? null : access, progress });
    return {
      source: client.baseUrl,
      dryRun: options.dryRun,
      organization: { id: organization?.publicId ?? snapshot.organizationId, created },
      entries: [...entries, ...leftInOnCall(snapshot)],
      remarks: remarks(snapshot),
    };
  } finally {
    progress.stop();
    await target?.close();
  }
}

/** Policies in the order of their chains' positions, so each lands on its own position. */
function importedSources(snapshot: SourceSnapshot): Record<ImportedKind, OnCallObject[]> {
  const policies = [...snapshot.policies].sort(
    (a, b) => String(a.escalation_chain_id).localeCompare(String(b.escalation_chain_id)) || Number(a.position) - Number(b.position),
  );
  return {
    team: snapshot.teams,
    user: snapshot.users,
    escalation_chain: snapshot.chains,
    integration: snapshot.integrations,
    webhook: snapshot.webhooks,
    escalation_policy: policies,
  };
}
