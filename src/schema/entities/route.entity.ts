import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

/** Every integration has exactly one (default) route; its id is the alert groups' route_id. */
@Entity("route")
export class Route {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Index("IX_route_integration") @Column({ type: "integer" }) integrationId!: number;
  @Column({ type: "integer", nullable: true }) escalationChainId!: number | null;
  @Column({ type: "boolean", default: true }) isDefault!: boolean;
}
