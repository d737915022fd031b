import { dialectOf } from "../db/dialect";
import { runStatement } from "../db/sql";
import { NotFoundError, ValidationError } from "../errors";
import { Integration } from "../schema/entities";
import { assertCan, type Actor } from "./actor";
import type { AppContext } from "../context";
import type { Services } from ".";
import { attemptBucketsSql, queueSql, skippedBucketsSql } from "./deliveries/health-sql";

/** One interval of `deliveryStats`: [start, start + interval), the last one cut at `to`. */
export interface DeliveryStatsBucket {
  start: Date;
  /** Attempt records written in the bucket; each is `succeeded` (a response below 400) or `failed`. */
  attempts: number;
  succeeded: number;
  failed: number;
  /** Deliveries settled as skipped in the bucket: they have no attempt, so they are not among `attempts`. */
  skipped: number;
  /** Nearest-rank percentiles of the attempts that sent a request; null when none did. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface DeliveryQueue {
  /** Waiting for their first attempt (including those held behind an earlier event of the same group). */
  pending: number;
  /** Claimed by an engine and being attempted. */
  inFlight: number;
  /** Waiting for a retry after a failed attempt (or a redelivery). */
  retrying: number;
  /** Age of the oldest delivery waiting for its first attempt; null when none waits. */
  oldestPendingAgeSeconds: number | null;
}

export interface StatsRequest {
  from: Date;
  to: Date;
  intervalSeconds: number;
  /** Public ids. */
  webhookId?: string;
  integrationId?: string;
}

/** A dashboard asks for one chart's worth; 1,000 points is more than any panel draws. */
export const MAX_BUCKETS = 1000;

/** Delivery health for dashboards: attempt outcomes and latency over time, and the queue right now. */
export class DeliveryHealthService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** Buckets cover [from, to) without gaps; an empty bucket is zeros. Two statements, whatever the range. */
  async stats(actor: Actor, request: StatsRequest): Promise<DeliveryStatsBucket[]> {
    assertCan(actor, "outgoing-webhooks:read");
    const count = bucketCount(request);
    const params: Record<string, unknown> = {
      org: actor.organization.id, from: request.from, to: request.to,
      fromMs: request.from.getTime(), intervalMs: request.intervalSeconds * 1000,
    };
    if (request.webhookId !== undefined) {
      params.webhook = (await this.services.webhooks.findForActor(actor, request.webhookId, { includeDeleted: true })).id;
    }
    if (request.integrationId !== undefined) params.integration = await this.integrationRowId(actor, request.integrationId);
    const scope = { webhook: "webhook" in params, integration: "integration" in params };
    const kind = dialectOf(this.ctx.dataSource);
    const [attempts, skipped] = await Promise.all([
      runStatement<{ bucket: unknown; attempts: unknown; succeeded: unknown; p50: unknown; p95: unknown }>(this.ctx.dataSource, attemptBucketsSql(kind, scope), params),
      runStatement<{ bucket: unknown; skipped: unknown }>(this.ctx.dataSource, skippedBucketsSql(kind, scope), params),
    ]);
    const buckets: DeliveryStatsBucket[] = Array.from({ length: count }, (_, i) => ({
      start: new Date(request.from.getTime() + i * request.intervalSeconds * 1000),
      attempts: 0, succeeded: 0, failed: 0, skipped: 0, latencyP50Ms: null, latencyP95Ms: null,
    }));
    // PostgreSQL returns COUNT and bigint results as strings.
    for (const row of attempts.rows) {
      const bucket = buckets[Number(row.bucket)];
      bucket.attempts = Number(row.attempts);
      bucket.succeeded = Number(row.succeeded);
      bucket.failed = bucket.attempts - bucket.succeeded;
      bucket.latencyP50Ms = row.p50 === null ? null : Number(row.p50);
      bucket.latencyP95Ms = row.p95 === null ? null : Number(row.p95);
    }
    for (const row of skipped.rows) buckets[Number(row.bucket)].skipped = Number(row.skipped);
    return buckets;
  }

  /** The organization's unfinished deliveries right now. */
  async queue(actor: Actor, now = new Date()): Promise<DeliveryQueue> {
    assertCan(actor, "outgoing-webhooks:read");
    const { rows } = await runStatement<{ status: string; retried: unknown; n: unknown; oldest_ms: unknown }>(
      this.ctx.dataSource, queueSql(dialectOf(this.ctx.dataSource)), { org: actor.organization.id },
    );
    const out: DeliveryQueue = { pending: 0, inFlight: 0, retrying: 0, oldestPendingAgeSeconds: null };
    for (const row of rows) {
      const n = Number(row.n);
      if (row.status === "in_flight") out.inFlight += n;
      else if (Number(row.retried) === 1) out.retrying += n;
      else {
        out.pending += n;
        out.oldestPendingAgeSeconds = Math.max(0, (now.getTime() - Number(row.oldest_ms)) / 1000);
      }
    }
    return out;
  }

  private async integrationRowId(actor: Actor, publicId: string): Promise<number> {
    const integration = await this.ctx.dataSource.getRepository(Integration).findOneBy({ organizationId: actor.organization.id, publicId });
    if (!integration) throw new NotFoundError();
    return integration.id;
  }
}

function bucketCount({ from, to, intervalSeconds }: StatsRequest): number {
  if (!(to.getTime() > from.getTime())) throw new ValidationError({ to: ["Must be later than from."] });
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1) throw new ValidationError({ intervalSeconds: ["Must be a whole number of seconds, at least 1."] });
  const count = Math.ceil((to.getTime() - from.getTime()) / (intervalSeconds * 1000));
  if (count > MAX_BUCKETS) {
    throw new ValidationError({ intervalSeconds: [`At most ${MAX_BUCKETS} buckets per query; from–to at this interval makes ${count}.`] });
  }
  return count;
}
