import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * The `responses` of records' event_data (delivery.md §4), stored once for every record that sent the same text:
 * in a fan-out each record carried the latest responses of all the other webhooks, webhooks² bytes in all
 * (~30 MB for one alert to 1,000 webhooks). Keyed by the text's SHA-256; retention drops the unreferenced.
 */
@Entity("responses_snapshot")
export class ResponsesSnapshot {
  @PrimaryColumn({ type: "varchar", length: 64 }) hash!: string;
  @Column({ type: "text" }) text!: string;
}
