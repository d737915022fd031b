import { runStatement } from "../db/sql";
import { NotFoundError, ValidationError } from "../errors";
import { Delivery, Integration } from "../schema/entities";
import { assertCan, type Actor } from "./actor";
import type { AppContext } from "../context";
import type { Services } from ".";
import { BUCKETS_PER_STATEMENT, bucketCountsSql, bucketPercentilesSql, QUEUE_SQL, ALL_QUEUES_SQL, type StatsScope } from "./deliveries/health-sql";

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

  /** Buckets cover [from, to) without gaps; an empty bucket is zeros. Two statements per 50 buckets at most. */
  async stats(actor: Actor, request: StatsRequest): Promise<DeliveryStatsBucket[]> {
    assertCan(actor, "outgoing-webhooks:read");
    const count = bucketCount(request);
    const scoped: Record<string, unknown> = { org: actor.organization.id };
    if (request.webhookId !== undefined) {
      scoped.webhook = (await this.services.webhooks.findForActor(actor, request.webhookId, { includeDeleted: true })).id;
    }
    if (request.integrationId !== undefined) scoped.integration = await this.integrationRowId(actor, request.integrationId);
    const scope = { webhook: "webhook" in scoped, integration: "integration" in scoped };
    const buckets: DeliveryStatsBucket[] = [];
    for (let first = 0; first < count; first += BUCKETS_PER_STATEMENT) {
      buckets.push(...(await this.chunk(request, first, Math.min(count, first + BUCKETS_PER_STATEMENT), scope, scoped)));
    }
    return buckets;
  }

  /** The organization's unfinished deliveries right now. */
  async queue(actor: Actor, now = new Date()): Promise<DeliveryQueue> {
    assertCan(actor, "outgoing-webhooks:read");
    return this.readQueue(QUEUE_SQL, { org: actor.organization.id }, now);
  }

  /** Every organization's unfinished deliveries (metrics: the operator sees the shared queue, no actor). */
  queueOfAll(now = new Date()): Promise<DeliveryQueue> {
    return this.readQueue(ALL_QUEUES_SQL, {}, now);
  }

  private async readQueue(sql: string, params: Record<string, unknown>, now: Date): Promise<DeliveryQueue> {
    const { rows } = await runStatement<{ status: string; retried: unknown; n: unknown; oldest: unknown }>(this.ctx.dataSource, sql, params);
    const createdAt = this.ctx.dataSource.getMetadata(Delivery).findColumnWithPropertyName("createdAt")!;
    const out: DeliveryQueue = { pending: 0, inFlight: 0, retrying: 0, oldestPendingAgeSeconds: null };
    for (const row of rows) {
      const n = Number(row.n); // PostgreSQL returns COUNT as a string
      if (row.status === "in_flight") out.inFlight += n;
      else if (Number(row.retried) === 1) out.retrying += n;
      else {
        out.pending += n;
        const oldest = this.ctx.dataSource.driver.prepareHydratedValue(row.oldest, createdAt) as Date;
        out.oldestPendingAgeSeconds = Math.max(0, (now.getTime() - oldest.getTime()) / 1000);
      }
    }
    return out;
  }

  /** Buckets [first, end): counts, then the percentiles of the buckets where something was sent. */
  private async chunk(request: StatsRequest, first: number, end: number, scope: StatsScope, scoped: Record<string, unknown>) {
    const step = request.intervalSeconds * 1000;
    const bounds: Record<string, unknown> = { ...scoped };
    const buckets: DeliveryStatsBucket[] = [];
    for (let i = 0; i < BUCKETS_PER_STATEMENT; i++) {
      const start = request.from.getTime() + (first + i) * step;
      // Padding slots past the last bucket are empty ranges, so every chunk runs the same statement text.
      bounds[`lo${i}`] = new Date(Math.min(start, request.to.getTime()));
      bounds[`hi${i}`] = new Date(Math.min(start + step, request.to.getTime()));
      if (first + i < end) {
        buckets.push({ start: new Date(start), attempts: 0, succeeded: 0, failed: 0, skipped: 0, latencyP50Ms: null, latencyP95Ms: null });
      }
    }
    const counts = await runStatement<{ slot: unknown; attempts: unknown; succeeded: unknown; timed: unknown; skipped: unknown }>(
      this.ctx.dataSource, bucketCountsSql(scope), bounds,
    );
    const ranks: Record<string, unknown> = { ...bounds };
    let anyTimed = false;
    for (const row of counts.rows) {
      const slot = Number(row.slot);
      const timed = Number(row.timed);
      // Nearest rank: the ceil(p/100 × n)-th smallest; the median counted from the smallest, the 95th from the largest.
      ranks[`p50_${slot}`] = Math.max(0, Math.ceil(timed * 0.5) - 1);
      ranks[`p95_${slot}`] = Math.max(0, timed - Math.ceil(timed * 0.95));
      anyTimed ||= timed > 0 && slot < buckets.length;
      if (slot >= buckets.length) continue;
      const bucket = buckets[slot];
      bucket.attempts = Number(row.attempts);
      bucket.succeeded = Number(row.succeeded);
      bucket.failed = bucket.attempts - bucket.succeeded;
      bucket.skipped = Number(row.skipped);
    }
    if (!anyTimed) return buckets;
    const percentiles = await runStatement<{ slot: unknown; p50: unknown; p95: unknown }>(this.ctx.dataSource, bucketPercentilesSql(scope), ranks);
    for (const row of percentiles.rows) {
      const bucket = buckets[Number(row.slot)];
      if (!bucket) continue;
      bucket.latencyP50Ms = row.p50 === null ? null : Number(row.p50);
      bucket.latencyP95Ms = row.p95 === null ? null : Number(row.p95);
    }
    return buckets;
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
