import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who inserted and who deleted which Yjs items: ranges of one client id's clock, each with the
 * member whose authenticated connection sent them. By range rather than by client id, so that a
 * client reusing another's id is still attributed to the member actually sending the content,
 * and so that deletions (which carry no client id of their own) have a deleter.
 */
export class TextRangeAuthorship1764340000000 implements MigrationInterface {
  name = 'TextRangeAuthorship1764340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE text_range_authorship (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        action text NOT NULL CHECK (action IN ('insert', 'delete')),
        client_id bigint NOT NULL CHECK (client_id >= 0),
        clock_start integer NOT NULL CHECK (clock_start >= 0),
        clock_end integer NOT NULL,
        member_id uuid REFERENCES member(id) ON DELETE SET NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK (clock_end > clock_start)
      )`);
    await queryRunner.query(`CREATE INDEX text_range_authorship_lookup ON text_range_authorship (document_id, action, client_id, clock_start)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE text_range_authorship`);
  }
}
