import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn } from "../../db/columns";
import { AlertGroup } from "./alert-group.entity";

/** A user recorded as notified (or not) for an alert group by an escalation step: the `notified_users` source. */
@Entity("user_notification")
@Index("IX_user_notification_group", ["alertGroupId", "userId"])
export class UserNotification {
  @PrimaryGeneratedColumn() id!: number;
  @ForeignKey(() => AlertGroup, { onDelete: "CASCADE", name: "FK_user_notification_alert_group" })
  @Column({ type: "integer" }) alertGroupId!: number;
  @Column({ type: "integer" }) userId!: number;
  @Column({ type: "integer", nullable: true }) escalationPolicyId!: number | null;
  @Column({ type: "boolean" }) success!: boolean;
  @Column({ type: "text", nullable: true }) reason!: string | null;
  @CreatedAtColumn() createdAt!: Date;
}
