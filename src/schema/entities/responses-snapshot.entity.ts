import { Column, Entity, PrimaryColumn } from "typeorm";

/**
 * A part of records' event_data stored once for every record that sent the same text: all of an event's payload
 * but its `webhook` (src/attempts/shared-event-data.ts). Named when it held only `responses` (delivery.md §4),
 * which a fan-out repeated in every record, webhooks² bytes in all (~30 MB for one alert to 1,000 webhooks).
 * Keyed by the SHA-256 of the text it was first stored with; retention drops the unreferenced.
 */
@Entity("responses_snapshot")
export class ResponsesSnapshot {
  @PrimaryColumn({ type: "varchar", length: 64 }) hash!: string;
  @Column({ type: "text" }) text!: string;
}
