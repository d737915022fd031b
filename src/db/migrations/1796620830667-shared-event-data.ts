import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand (data only, no schema change). A snapshot used to hold a record's `responses` alone, put back
 * after `, "responses": ` at responses_at; it now holds any shared part of event_data, put back as it is
 * (src/attempts/shared-event-data.ts). The snapshots stored before take the key into their text, so that one rule
 * reads every record. Their hashes stay: a hash only names a snapshot.
 */
export class SharedEventData1796620830667 implements MigrationInterface {
    name = "SharedEventData1796620830667";

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE responses_snapshot SET text = ', "responses": ' || text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // Records that use a snapshot of another part get their whole event_data back inline.
        const other = `SELECT hash FROM responses_snapshot WHERE text NOT LIKE ', "responses": %'`;
        await queryRunner.query(`UPDATE webhook_response SET event_data = substr(event_data, 1, responses_at)
            || (SELECT s.text FROM responses_snapshot s WHERE s.hash = webhook_response.responses_hash)
            || substr(event_data, responses_at + 1), responses_hash = NULL, responses_at = NULL
            WHERE responses_hash IN (${other})`);
        await queryRunner.query(`DELETE FROM responses_snapshot WHERE hash IN (${other})`);
        await queryRunner.query(`UPDATE responses_snapshot SET text = substr(text, 16)`);
    }
}
