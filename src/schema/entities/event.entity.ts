import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { DateColumn, JsonColumn } from "../../db/columns";
import { AlertGroup } from "./alert-group.entity";

/**
 * Something that happened to an alert group (delivery.md §1), written in the same transaction as the
 * state change. Its deliveries are fanned out in that transaction too.
 */
@Entity("event")
@Index("IX_event_group", ["alertGroupId", "id"])
export class AlertGroupEvent {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => AlertGroup, { onDelete: "CASCADE", name: "FK_event_alert_group" })
  @Column({ type: "integer" }) alertGroupId!: number;
  /** Originating trigger id (1–7 state events, 0 escalation/manual, 9 personal notification). */
  @Column({ type: "integer" }) type!: number;
  /** The acting user; null for the source, escalation steps and timers. */
  @Column({ type: "integer", nullable: true }) userId!: number | null;
  /** Set for events aimed at one webhook (escalation step, manual trigger, personal notification, test). */
  @Column({ type: "integer", nullable: true }) webhookId!: number | null;
  @Column({ type: "integer", nullable: true }) escalationPolicyId!: number | null;
  /** Extra facts of the event, e.g. `{ until }` for silence, `{ manual: true }`. */
  @JsonColumn({ nullable: true }) detail!: Record<string, unknown> | null;
  @DateColumn() createdAt!: Date;
}
