import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn, DateColumn } from "../../db/columns";
import { User } from "./user.entity";

/** Stored hashed: the first 8 characters are the lookup key, the SHA-256 of the whole token is compared. */
@Entity("api_token")
export class ApiToken {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "integer" }) organizationId!: number;
  @ForeignKey(() => User, { onDelete: "CASCADE", name: "FK_api_token_user" })
  @Column({ type: "integer" }) userId!: number;
  @Column({ type: "varchar", length: 200, default: "" }) name!: string;
  @Index("IX_api_token_prefix") @Column({ type: "varchar", length: 8 }) tokenPrefix!: string;
  @Column({ type: "varchar", length: 64 }) tokenHash!: string;
  @CreatedAtColumn() createdAt!: Date;
  @DateColumn({ nullable: true }) revokedAt!: Date | null;
}
