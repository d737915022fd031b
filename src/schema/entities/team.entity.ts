import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn } from "../../db/columns";

@Entity("team")
@Index("UQ_team_org_name", ["organizationId", "name"], { unique: true })
export class Team {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @Column({ type: "integer" }) grafanaId!: number;
  @Column({ type: "varchar", length: 300 }) name!: string;
  @Column({ type: "varchar", length: 300, nullable: true }) email!: string | null;
  @Column({ type: "varchar", length: 500, default: "" }) avatarUrl!: string;
  @CreatedAtColumn() createdAt!: Date;
}
