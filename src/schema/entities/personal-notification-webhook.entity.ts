import { Column, Entity, ForeignKey, PrimaryGeneratedColumn } from "typeorm";
import { encryptedJson } from "../../secrets";
import { User } from "./user.entity";

/** A user's "notify by webhook" binding with its private context (delivery.md §2, encrypted at rest). */
@Entity("personal_notification_webhook")
export class PersonalNotificationWebhook {
  @PrimaryGeneratedColumn() id!: number;
  @ForeignKey(() => User, { onDelete: "CASCADE", name: "FK_personal_notification_webhook_user" })
  @Column({ type: "integer", unique: true }) userId!: number;
  @Column({ type: "integer" }) webhookId!: number;
  @Column({ type: "text", nullable: true, transformer: encryptedJson }) context!: Record<string, unknown> | null;
}
