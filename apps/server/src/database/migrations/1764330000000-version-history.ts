import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Version history: which member sent each Yjs client id over an authenticated, writable
 * connection (client_authorship), and the versions of a document, append-only and chained by
 * hash. A trigger refuses every change to a version except its name, and every deletion unless
 * its document is being deleted (ON DELETE CASCADE of the document takes its history along).
 */
export class VersionHistory1764330000000 implements MigrationInterface {
  name = 'VersionHistory1764330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE client_authorship (
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        client_id bigint NOT NULL,
        member_id uuid REFERENCES member(id) ON DELETE SET NULL,
        first_seen timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (document_id, client_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE document_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        number integer NOT NULL CHECK (number > 0),
        kind text NOT NULL CHECK (kind IN ('automatic', 'named', 'restore', 'event')),
        event_label text,
        name text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        created_by uuid REFERENCES member(id) ON DELETE SET NULL,
        state bytea NOT NULL,
        content jsonb NOT NULL,
        content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        previous_hash text CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
        chain_hash text NOT NULL CHECK (chain_hash ~ '^[0-9a-f]{64}$'),
        words_added integer NOT NULL DEFAULT 0,
        words_removed integer NOT NULL DEFAULT 0,
        contributor_ids uuid[] NOT NULL DEFAULT '{}',
        restored_from integer,
        UNIQUE (document_id, number),
        CHECK ((kind = 'event') = (event_label IS NOT NULL))
      )`);
    await queryRunner.query(`
      CREATE FUNCTION document_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          -- Only the cascade from a deleted document may remove history.
          IF EXISTS (SELECT 1 FROM document WHERE id = OLD.document_id) THEN
            RAISE EXCEPTION 'document versions are append-only' USING ERRCODE = 'check_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF (NEW.id, NEW.document_id, NEW.number, NEW.kind, NEW.event_label, NEW.created_at, NEW.created_by, NEW.state, NEW.content,
            NEW.content_hash, NEW.previous_hash, NEW.chain_hash, NEW.words_added, NEW.words_removed, NEW.contributor_ids, NEW.restored_from)
           IS DISTINCT FROM
           (OLD.id, OLD.document_id, OLD.number, OLD.kind, OLD.event_label, OLD.created_at, OLD.created_by, OLD.state, OLD.content,
            OLD.content_hash, OLD.previous_hash, OLD.chain_hash, OLD.words_added, OLD.words_removed, OLD.contributor_ids, OLD.restored_from)
           AND NOT (NEW.created_by IS NULL AND OLD.created_by IS NOT NULL
                    AND (NEW.id, NEW.number, NEW.state, NEW.content, NEW.content_hash, NEW.chain_hash)
                        IS NOT DISTINCT FROM (OLD.id, OLD.number, OLD.state, OLD.content, OLD.content_hash, OLD.chain_hash)) THEN
          RAISE EXCEPTION 'document versions are append-only: only the name may change' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER document_version_append_only BEFORE UPDATE OR DELETE ON document_version
        FOR EACH ROW EXECUTE FUNCTION document_version_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE document_version`);
    await queryRunner.query(`DROP FUNCTION document_version_append_only()`);
    await queryRunner.query(`DROP TABLE client_authorship`);
  }
}
