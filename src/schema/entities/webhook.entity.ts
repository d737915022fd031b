import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn, DateColumn, JsonColumn } from "../../db/columns";
import { encrypted } from "../../secrets";
import { Team } from "./team.entity";
import { User } from "./user.entity";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "PATCH";

@Entity("webhook")
@Index("IX_webhook_org_trigger", ["organizationId", "triggerType"])
@Index("UQ_webhook_org_name", ["organizationId", "name"], { unique: true })
export class Webhook {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => Team, { onDelete: "SET NULL", name: "FK_webhook_team" })
  @Column({ type: "integer", nullable: true }) teamId!: number | null;
  @ForeignKey(() => User, { onDelete: "SET NULL", name: "FK_webhook_owner_user" })
  @Column({ type: "integer", nullable: true }) ownerUserId!: number | null;
  /** Unique per organization among non-deleted webhooks; deletion renames the row (webhooks-api.md). */
  @Column({ type: "varchar", length: 200 }) name!: string;
  @Column({ type: "text" }) url!: string;
  @Column({ type: "varchar", length: 10 }) httpMethod!: HttpMethod;
  /** Internal trigger id 0–9 (webhooks-api.md "trigger_type names"). */
  @Column({ type: "integer" }) triggerType!: number;
  @Column({ type: "text", nullable: true }) data!: string | null;
  @Column({ type: "text", nullable: true }) headers!: string | null;
  @Column({ type: "text", nullable: true }) triggerTemplate!: string | null;
  @Column({ type: "varchar", length: 100, nullable: true }) username!: string | null;
  @Column({ type: "text", nullable: true, transformer: encrypted }) password!: string | null;
  @Column({ type: "text", nullable: true, transformer: encrypted }) authorizationHeader!: string | null;
  @Column({ type: "boolean", default: true }) forwardAll!: boolean;
  /** `null` counts as enabled (delivery.md §14.8: one rule). */
  @Column({ type: "boolean", nullable: true, default: true }) isWebhookEnabled!: boolean | null;
  /** Integration public ids; null = every integration. */
  @JsonColumn({ nullable: true }) integrationFilter!: string[] | null;
  @Column({ type: "varchar", length: 50, nullable: true }) preset!: string | null;
  @Column({ type: "boolean", default: false }) isLegacy!: boolean;
  @Column({ type: "boolean", default: false }) isFromConnectedIntegration!: boolean;
  /** Standard Webhooks secret (`whsec_…`); null = requests are not signed. */
  @Column({ type: "text", nullable: true, transformer: encrypted }) signingSecret!: string | null;
  // The pause columns are written only by their own statements (the delivery engine's pause, resumeWebhook):
  // a webhook save that read the row before a pause must not clear it.
  /** Set when failing deliveries paused the webhook (delivery/pause/); its deliveries are skipped until resumed. */
  @DateColumn({ nullable: true, insert: false, update: false }) pausedAt!: Date | null;
  @Column({ type: "text", nullable: true, insert: false, update: false }) pauseReason!: string | null;
  /** Last resume: failures before it no longer count toward a pause. */
  @DateColumn({ nullable: true, insert: false, update: false }) resumedAt!: Date | null;
  @CreatedAtColumn() createdAt!: Date;
  @DateColumn({ nullable: true }) deletedAt!: Date | null;
}
