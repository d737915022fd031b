import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { DateColumn } from "../../db/columns";
import { AlertGroupEvent } from "./event.entity";

export type DeliveryStatus = "pending" | "in_flight" | "succeeded" | "failed" | "skipped";

/** One webhook × one event: the outbox row the engine claims, attempts and settles. */
@Entity("delivery")
@Index("IX_delivery_due", ["status", "nextAttemptAt"])
/**
 * The claim's order rule (outbox/claim.ts) seeks (alert group, webhook). Group first: an alert's deliveries, one per
 * webhook, land side by side in one leaf page instead of one page per webhook (measured: ~15% of an alert's write).
 */
@Index("IX_delivery_pair_order", ["alertGroupId", "webhookId", "eventId"])
/** Retention keeps the newest N deliveries of each webhook: finding the N-th is an index-only walk. */
@Index("IX_delivery_webhook_id", ["webhookId", "id"])
/** The organization's deliveries by time (GraphQL `deliveries`). */
@Index("IX_delivery_org_created", ["organizationId", "createdAt"])
/** Skipped deliveries have no attempt record; `deliveryStats` counts them by when they were skipped. */
@Index("IX_delivery_skipped", ["organizationId", "finishedAt"], { where: "status = 'skipped'" })
/**
 * A webhook's last success and its failures since (the pause rule, delivery/pause/): seeks, not scans. Finished
 * deliveries only: a new delivery (pending) and its claim leave this index alone, so they dirty no page of it.
 */
@Index("IX_delivery_webhook_finished", ["webhookId", "status", "finishedAt"], { where: "finished_at IS NOT NULL" })
export class Delivery {
  @PrimaryGeneratedColumn() id!: number;
  /** Stable across attempts: the Standard Webhooks `webhook-id`. */
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => AlertGroupEvent, { onDelete: "CASCADE", name: "FK_delivery_event" })
  @Index("IX_delivery_event") @Column({ type: "integer" }) eventId!: number;
  @Column({ type: "integer" }) webhookId!: number;
  @Column({ type: "integer" }) alertGroupId!: number;
  @Column({ type: "varchar", length: 16, default: "pending" }) status!: DeliveryStatus;
  /** Why a delivery did not send (integration filter, trigger template false, …): queryable later. */
  @Column({ type: "text", nullable: true }) skipReason!: string | null;
  @Column({ type: "integer", default: 0 }) attempts!: number;
  @DateColumn() nextAttemptAt!: Date;
  @Column({ type: "varchar", length: 64, nullable: true }) claimedBy!: string | null;
  @DateColumn({ nullable: true }) claimedAt!: Date | null;
  @DateColumn() createdAt!: Date;
  @DateColumn({ nullable: true }) finishedAt!: Date | null;
}
