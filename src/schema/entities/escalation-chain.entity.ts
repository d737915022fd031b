import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn } from "../../db/columns";

@Entity("escalation_chain")
@Index("UQ_escalation_chain_org_name", ["organizationId", "name"], { unique: true })
export class EscalationChain {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @Column({ type: "integer", nullable: true }) teamId!: number | null;
  @Column({ type: "varchar", length: 100 }) name!: string;
  @CreatedAtColumn() createdAt!: Date;
}
