import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each logged update carries the key its writer gave it (the writer's id, unique per process
 * start, and its sequence number), so that a batch retried after a commit whose answer was lost
 * inserts nothing twice. Rows written before have no key.
 */
export class IdempotentUpdateLog1764310000000 implements MigrationInterface {
  name = 'IdempotentUpdateLog1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE document_update ADD COLUMN writer_id uuid, ADD COLUMN writer_seq bigint`);
    await queryRunner.query(`CREATE UNIQUE INDEX document_update_writer_key ON document_update (writer_id, writer_seq)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS document_update_writer_key`);
    await queryRunner.query(`ALTER TABLE document_update DROP COLUMN IF EXISTS writer_id, DROP COLUMN IF EXISTS writer_seq`);
  }
}
