import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { DateColumn, JsonColumn } from "../../db/columns";

/** A frozen copy of the chain's policies, taken when escalation (re)starts (domain-api.md §5.4). */
export interface EscalationSnapshotStep {
  policyId: number;
  type: string;
  [field: string]: unknown;
}

@Entity("alert_group")
@Index("UQ_alert_group_open_key", ["integrationId", "openKey"], { unique: true })
@Index("IX_alert_group_org_created", ["organizationId", "createdAt"])
export class AlertGroup {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @Column({ type: "integer" }) integrationId!: number;
  @Column({ type: "integer", nullable: true }) routeId!: number | null;
  @Column({ type: "text" }) groupingKey!: string;
  /**
   * Set (route + grouping key digest) while the group is open for grouping, null once closed.
   * The unique index makes "at most one open group per key" hold under concurrent inbound POSTs.
   */
  @Column({ type: "varchar", length: 100, nullable: true }) openKey!: string | null;
  @Column({ type: "text", nullable: true }) title!: string | null;
  @Column({ type: "integer", default: 0 }) alertsCount!: number;
  @DateColumn() createdAt!: Date;
  @DateColumn({ nullable: true }) acknowledgedAt!: Date | null;
  @Column({ type: "integer", nullable: true }) acknowledgedById!: number | null;
  @DateColumn({ nullable: true }) resolvedAt!: Date | null;
  @Column({ type: "integer", nullable: true }) resolvedById!: number | null;
  @DateColumn({ nullable: true }) silencedAt!: Date | null;
  /** Internal only (the `until` of silence events); null with silencedAt set = silenced forever. */
  @Index("IX_alert_group_silenced_until") @DateColumn({ nullable: true }) silencedUntil!: Date | null;
  @Column({ type: "boolean", default: false }) isWiped!: boolean;
  /** Legacy Grafana `alerts[]` posts: when to check the deferred auto-resolve (inbound.md §5); null = none pending. */
  @Index("IX_alert_group_auto_resolve_due") @DateColumn({ nullable: true }) autoResolveDueAt!: Date | null;

  // Escalation state: persisted so a restart resumes it.
  @JsonColumn({ nullable: true }) escalationSnapshot!: EscalationSnapshotStep[] | null;
  /** Index into the snapshot of the next step to run; null = not escalating. */
  @Column({ type: "integer", nullable: true }) escalationStep!: number | null;
  @Index("IX_alert_group_escalation_due") @DateColumn({ nullable: true }) escalationDueAt!: Date | null;
  @Column({ type: "integer", default: 0 }) escalationRepeats!: number;
  /** Paused by notify_if_num_alerts_in_window until a new alert arrives. */
  @Column({ type: "boolean", default: false }) escalationWaitingForAlerts!: boolean;
}
