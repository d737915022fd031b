import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn } from "../../db/columns";
import { Team } from "./team.entity";

@Entity("escalation_chain")
@Index("UQ_escalation_chain_org_name", ["organizationId", "name"], { unique: true })
export class EscalationChain {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => Team, { onDelete: "SET NULL", name: "FK_escalation_chain_team" })
  @Column({ type: "integer", nullable: true }) teamId!: number | null;
  @Column({ type: "varchar", length: 100 }) name!: string;
  @CreatedAtColumn() createdAt!: Date;
}
