import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Amendments: a proposed change to one passage of a recommendation, edited in a document of its
 * own (kind 'amendment', sharing the amendment's id) that forks the recommendation's Yjs state at
 * a base version. The passage is kept twice: as the thread-anchor relative positions (to find it
 * in any later state) and as the exclusive bounds the websocket enforces (amendment-passage.ts).
 * Withdrawn and declined amendments stay, with who closed them and why. The document of an
 * amendment goes when the amendment goes (with its recommendation).
 *
 * Versions gain the kind 'amendment-adopted' with the amendment and ballot they record.
 */
export class Amendments1764355000000 implements MigrationInterface {
  name = 'Amendments1764355000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE amendment (
        id uuid PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        recommendation_id uuid NOT NULL REFERENCES recommendation(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        reason text NOT NULL CHECK (char_length(reason) <= 4000),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'under-vote', 'adopted', 'withdrawn', 'declined')),
        base_version integer NOT NULL CHECK (base_version > 0),
        base_hash text NOT NULL CHECK (base_hash ~ '^[0-9a-f]{64}$'),
        base_state_vector bytea NOT NULL,
        anchor_start bytea NOT NULL,
        anchor_end bytea NOT NULL,
        quoted_text text NOT NULL,
        bound_before jsonb,
        bound_after jsonb,
        thread_id uuid REFERENCES comment_thread(id) ON DELETE SET NULL,
        created_by uuid REFERENCES member(id) ON DELETE SET NULL,
        created_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_by uuid REFERENCES member(id) ON DELETE SET NULL,
        closed_by_name text,
        closed_reason text CHECK (char_length(closed_reason) <= 2000),
        closed_at timestamptz,
        ballot_id uuid,
        adopted_version integer,
        CHECK ((status IN ('withdrawn', 'declined')) = (closed_reason IS NOT NULL)),
        CHECK ((status = 'adopted') = (adopted_version IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX amendment_recommendation_idx ON amendment (recommendation_id, status, created_at)`);
    await queryRunner.query(`
      CREATE TABLE amendment_author (
        amendment_id uuid NOT NULL REFERENCES amendment(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        invited_by uuid REFERENCES member(id) ON DELETE SET NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (amendment_id, member_id)
      )`);
    // The amendment's own document goes with it (a deleted recommendation takes its amendments).
    await queryRunner.query(`
      CREATE FUNCTION amendment_document_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM document WHERE id = OLD.id;
        RETURN OLD;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER amendment_document_cleanup AFTER DELETE ON amendment FOR EACH ROW EXECUTE FUNCTION amendment_document_cleanup()`);

    await queryRunner.query(`ALTER TABLE document_version ADD COLUMN amendment_id uuid, ADD COLUMN ballot_id uuid`);
    await queryRunner.query(`ALTER TABLE document_version DROP CONSTRAINT document_version_kind_check`);
    await queryRunner.query(`ALTER TABLE document_version ADD CONSTRAINT document_version_kind_check CHECK (kind IN ('automatic', 'named', 'restore', 'event', 'amendment-adopted'))`);
    await queryRunner.query(`ALTER TABLE document_version ADD CONSTRAINT document_version_amendment_check CHECK ((kind = 'amendment-adopted') = (amendment_id IS NOT NULL))`);
    // The append-only trigger covers the new columns too.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION document_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF EXISTS (SELECT 1 FROM document WHERE id = OLD.document_id) THEN
            RAISE EXCEPTION 'document versions are append-only' USING ERRCODE = 'check_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF (NEW.id, NEW.document_id, NEW.number, NEW.kind, NEW.event_label, NEW.created_at, NEW.created_by, NEW.state, NEW.content,
            NEW.content_hash, NEW.previous_hash, NEW.chain_hash, NEW.words_added, NEW.words_removed, NEW.contributor_ids, NEW.restored_from,
            NEW.amendment_id, NEW.ballot_id)
           IS DISTINCT FROM
           (OLD.id, OLD.document_id, OLD.number, OLD.kind, OLD.event_label, OLD.created_at, OLD.created_by, OLD.state, OLD.content,
            OLD.content_hash, OLD.previous_hash, OLD.chain_hash, OLD.words_added, OLD.words_removed, OLD.contributor_ids, OLD.restored_from,
            OLD.amendment_id, OLD.ballot_id)
           AND NOT (NEW.created_by IS NULL AND OLD.created_by IS NOT NULL
                    AND (NEW.id, NEW.number, NEW.state, NEW.content, NEW.content_hash, NEW.chain_hash)
                        IS NOT DISTINCT FROM (OLD.id, OLD.number, OLD.state, OLD.content, OLD.content_hash, OLD.chain_hash)) THEN
          RAISE EXCEPTION 'document versions are append-only: only the name may change' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE document_version DROP CONSTRAINT document_version_amendment_check`);
    await queryRunner.query(`ALTER TABLE document_version DROP CONSTRAINT document_version_kind_check`);
    await queryRunner.query(`ALTER TABLE document_version ADD CONSTRAINT document_version_kind_check CHECK (kind IN ('automatic', 'named', 'restore', 'event'))`);
    await queryRunner.query(`ALTER TABLE document_version DROP COLUMN amendment_id, DROP COLUMN ballot_id`);
    await queryRunner.query(`DROP TABLE amendment_author`);
    await queryRunner.query(`DROP TABLE amendment`);
    await queryRunner.query(`DROP FUNCTION amendment_document_cleanup()`);
  }
}
