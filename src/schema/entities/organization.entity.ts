import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { CreatedAtColumn } from "../../db/columns";

@Entity("organization")
export class Organization {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: "varchar", length: 16, unique: true }) publicId!: string;
  @Column({ type: "varchar", length: 200 }) name!: string;
  @CreatedAtColumn() createdAt!: Date;
}
