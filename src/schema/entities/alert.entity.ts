import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { DateColumn, JsonTextColumn } from "../../db/columns";
import type { JsonText } from "../../json/json-text";
import { AlertGroup } from "./alert-group.entity";

@Entity("alert")
@Index("IX_alert_group_created", ["alertGroupId", "id"])
export class Alert {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => AlertGroup, { onDelete: "CASCADE", name: "FK_alert_alert_group" })
  @Column({ type: "integer" }) alertGroupId!: number;
  /** The raw inbound payload, the text exactly as received (inbound.md §6); `{}` after wipe. */
  @JsonTextColumn() payload!: JsonText;
  @Column({ type: "boolean", default: false }) isResolveSignal!: boolean;
  @DateColumn() createdAt!: Date;
}
