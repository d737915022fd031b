import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { EscalationChain } from "./escalation-chain.entity";

/** Every integration has exactly one (default) route; its id is the alert groups' route_id. */
@Entity("route")
export class Route {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Index("IX_route_integration") @Column({ type: "integer" }) integrationId!: number;
  @ForeignKey(() => EscalationChain, { onDelete: "SET NULL", name: "FK_route_escalation_chain" })
  @Column({ type: "integer", nullable: true }) escalationChainId!: number | null;
  @Column({ type: "boolean", default: true }) isDefault!: boolean;
}
