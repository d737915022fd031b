import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { DateColumn } from "../../db/columns";
import { AlertGroup } from "./alert-group.entity";
import { Delivery } from "./delivery.entity";
import { ResponsesSnapshot } from "./responses-snapshot.entity";

/** One row per attempt (delivery.md §8); the strings are stored text, as OnCall's records. */
@Entity("webhook_response")
@Index("IX_webhook_response_webhook", ["webhookId", "triggerType", "timestamp"])
@Index("IX_webhook_response_group", ["alertGroupId", "webhookId", "timestamp"])
/** A webhook's latest attempt (`Webhook.lastAttempt`) is one index step; retention finds its N-th newest record the same way. */
@Index("IX_webhook_response_webhook_id", ["webhookId", "id"])
/** Covers `deliveryStats` and the organization's attempts by time: the scan never reads the (large) rows. */
@Index("IX_webhook_response_org_time", ["organizationId", "timestamp", "webhookId", "alertGroupId", "statusCode", "durationMs"])
/** Retention finds the snapshots no record uses any more. */
@Index("IX_webhook_response_snapshot", ["responsesHash"], { where: "responses_hash IS NOT NULL" })
export class WebhookResponse {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => AlertGroup, { onDelete: "CASCADE", name: "FK_webhook_response_alert_group" })
  @Column({ type: "integer", nullable: true }) alertGroupId!: number | null;
  @Column({ type: "integer", nullable: true }) webhookId!: number | null;
  @ForeignKey(() => Delivery, { onDelete: "SET NULL", name: "FK_webhook_response_delivery" })
  @Index("IX_webhook_response_delivery") @Column({ type: "integer", nullable: true }) deliveryId!: number | null;
  /** 1-based attempt number within its delivery. */
  @Column({ type: "integer", default: 1 }) attempt!: number;
  @Column({ type: "integer" }) triggerType!: number;
  @DateColumn() timestamp!: Date;
  @Column({ type: "text", nullable: true }) requestTrigger!: string | null;
  @Column({ type: "text", nullable: true }) url!: string | null;
  @Column({ type: "text", nullable: true }) requestHeaders!: string | null;
  @Column({ type: "text", nullable: true }) requestData!: string | null;
  @Column({ type: "integer", nullable: true }) statusCode!: number | null;
  /** Milliseconds the send took (HttpSender.sendTimed); null when the attempt failed before sending. */
  @Column({ type: "integer", nullable: true }) durationMs!: number | null;
  @Column({ type: "text", nullable: true }) content!: string | null;
  /** Whole, or with a shared part cut out at `responsesAt` and kept in the snapshot `responsesHash` (restored on read). */
  @Column({ type: "text" }) eventData!: string;
  @ForeignKey(() => ResponsesSnapshot, "hash", { name: "FK_webhook_response_snapshot" })
  @Column({ type: "varchar", length: 64, nullable: true }) responsesHash!: string | null;
  @Column({ type: "integer", nullable: true }) responsesAt!: number | null;
}
