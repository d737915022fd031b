import { Column, Entity, ForeignKey, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn, DateColumn, JsonColumn } from "../../db/columns";
import { Team } from "./team.entity";

export type IntegrationType = "alertmanager" | "grafana_alerting" | "grafana" | "webhook" | "formatted_webhook";

@Entity("integration")
export class Integration {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => Team, { onDelete: "SET NULL", name: "FK_integration_team" })
  @Column({ type: "integer", nullable: true }) teamId!: number | null;
  @Column({ type: "varchar", length: 300 }) name!: string;
  @Column({ type: "varchar", length: 300, nullable: true }) descriptionShort!: string | null;
  @Column({ type: "varchar", length: 50 }) type!: IntegrationType;
  /** The inbound link's secret path token: 25 characters, never reused. */
  @Column({ type: "varchar", length: 32, unique: true }) token!: string;
  /** OnCall's templates object; `null` leaves mean "the type's default". */
  @JsonColumn({ nullable: true }) templates!: Record<string, unknown> | null;
  @CreatedAtColumn() createdAt!: Date;
  @DateColumn({ nullable: true }) deletedAt!: Date | null;
}
