import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Languages: the UI language a member chose (null until they choose, so their browser's applies),
 * and the language each recommendation's text is written in (screen readers read it in that language).
 */
export class Languages1764312000000 implements MigrationInterface {
  name = 'Languages1764312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member ADD COLUMN language text`);
    await queryRunner.query(`ALTER TABLE recommendation ADD COLUMN language text NOT NULL DEFAULT 'en'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE recommendation DROP COLUMN IF EXISTS language`);
    await queryRunner.query(`ALTER TABLE member DROP COLUMN IF EXISTS language`);
  }
}
