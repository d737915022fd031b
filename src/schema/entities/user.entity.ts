import { Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn, JsonColumn } from "../../db/columns";
import { Team } from "./team.entity";

export type Role = "admin" | "editor" | "viewer" | "none";

@Entity("user")
@Index("UQ_user_org_grafana_id", ["organizationId", "grafanaId"], { unique: true })
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "integer" }) organizationId!: number;
  @Column({ type: "integer" }) grafanaId!: number;
  @Column({ type: "varchar", length: 300 }) username!: string;
  @Column({ type: "varchar", length: 300, default: "" }) email!: string;
  @Column({ type: "varchar", length: 16, default: "viewer" }) role!: Role;
  /** OnCall RBAC mode: when set, exactly these permissions apply instead of the role's. */
  @JsonColumn({ nullable: true }) permissions!: string[] | null;
  @Column({ type: "varchar", length: 100, nullable: true }) timezone!: string | null;
  @Column({ type: "boolean", default: true }) isActive!: boolean;
  @CreatedAtColumn() createdAt!: Date;

  @ManyToMany(() => Team)
  @JoinTable({ name: "user_team", joinColumn: { name: "user_id" }, inverseJoinColumn: { name: "team_id" } })
  teams!: Team[];
}
