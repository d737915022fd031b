import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn, JsonColumn } from "../../db/columns";
import { EscalationChain } from "./escalation-chain.entity";
import { Team } from "./team.entity";

export type EscalationStepType =
  | "wait" | "notify_persons" | "notify_person_next_each_time" | "notify_team_members"
  | "notify_on_call_from_schedule" | "notify_user_group" | "trigger_webhook" | "resolve"
  | "notify_if_time_from_to" | "notify_if_num_alerts_in_window" | "repeat_escalation";

@Entity("escalation_policy")
export class EscalationPolicy {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @ForeignKey(() => EscalationChain, { onDelete: "CASCADE", name: "FK_escalation_policy_escalation_chain" })
  @Index("IX_escalation_policy_chain") @Column({ type: "integer" }) escalationChainId!: number;
  @Column({ type: "integer" }) position!: number;
  @Column({ type: "varchar", length: 50 }) type!: EscalationStepType;
  @Column({ type: "boolean", default: false }) important!: boolean;
  @Column({ type: "integer", nullable: true }) duration!: number | null;
  /** Internal user ids. */
  @JsonColumn({ nullable: true }) personsToNotify!: number[] | null;
  @JsonColumn({ nullable: true }) personsToNotifyNextEachTime!: number[] | null;
  /** Round-robin cursor of notify_person_next_each_time. */
  @Column({ type: "integer", nullable: true }) lastNotifiedUserId!: number | null;
  @ForeignKey(() => Team, { onDelete: "SET NULL", name: "FK_escalation_policy_team_to_notify" })
  @Column({ type: "integer", nullable: true }) teamToNotifyId!: number | null;
  /** Internal webhook id. */
  @Column({ type: "integer", nullable: true }) actionToTriggerId!: number | null;
  @Column({ type: "varchar", length: 16, nullable: true }) notifyIfTimeFrom!: string | null;
  @Column({ type: "varchar", length: 16, nullable: true }) notifyIfTimeTo!: string | null;
  @Column({ type: "integer", nullable: true }) numAlertsInWindow!: number | null;
  @Column({ type: "integer", nullable: true }) numMinutesInWindow!: number | null;
  @CreatedAtColumn() createdAt!: Date;
}
