import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published editions and their exports. Both tables take INSERT only: a trigger refuses every
 * UPDATE, DELETE and TRUNCATE, so a published text, its hashes and its rendered files can never
 * change. A recommendation with editions can no longer be deleted (the foreign key restricts it).
 * The adopting ballot is a nullable uuid without a foreign key until the ballots table exists.
 */
export class Editions1764360000000 implements MigrationInterface {
  name = 'Editions1764360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE edition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE RESTRICT,
        recommendation_id uuid NOT NULL REFERENCES recommendation(id) ON DELETE RESTRICT,
        series text NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
        sequence integer NOT NULL CHECK (sequence > 0),
        edition_number integer NOT NULL CHECK (edition_number > 0),
        title text NOT NULL,
        language text NOT NULL,
        languages text[] NOT NULL,
        version_id uuid NOT NULL REFERENCES document_version(id) ON DELETE RESTRICT,
        version_number integer NOT NULL,
        content jsonb NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        chain_hash text NOT NULL CHECK (chain_hash ~ '^[0-9a-f]{64}$'),
        ballot_id uuid,
        ballot jsonb,
        published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        publisher_id uuid NOT NULL,
        publisher_name text NOT NULL,
        publisher_partner text NOT NULL,
        erratum_reason text,
        UNIQUE (recommendation_id, edition_number),
        UNIQUE (network_id, year, sequence, edition_number),
        CHECK ((edition_number = 1) = (erratum_reason IS NULL)),
        CHECK ((ballot_id IS NULL) = (ballot IS NULL))
      )`);
    // One number per recommendation: the first editions of a series never share one.
    await queryRunner.query(`CREATE UNIQUE INDEX edition_number_once ON edition (network_id, year, sequence) WHERE edition_number = 1`);
    await queryRunner.query(`CREATE INDEX edition_network_published ON edition (network_id, published_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE edition_export (
        edition_id uuid NOT NULL REFERENCES edition(id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('pdf', 'docx', 'markdown', 'html', 'dossier-json', 'dossier-pdf')),
        media_type text NOT NULL,
        file_name text NOT NULL,
        bytes bytea NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size integer NOT NULL,
        render_ms integer NOT NULL CHECK (render_ms >= 0),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (edition_id, kind),
        CHECK (sha256 = encode(sha256(bytes), 'hex')),
        CHECK (size = octet_length(bytes))
      )`);
    await queryRunner.query(`CREATE INDEX edition_export_sha256 ON edition_export (sha256)`);
    await queryRunner.query(`
      CREATE FUNCTION edition_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published editions are immutable: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'check_violation';
      END $$`);
    for (const table of ['edition', 'edition_export']) {
      await queryRunner.query(`CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION edition_immutable()`);
      await queryRunner.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION edition_immutable()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE edition_export`);
    await queryRunner.query(`DROP TABLE edition`);
    await queryRunner.query(`DROP FUNCTION edition_immutable()`);
  }
}
