import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner ballots.
 *
 * - ballot: what is voted on (a recommendation, an amendment or a free-text motion), its rule, the
 *   partners eligible when it opened, its deadline, and the exact text voted on (the version made at
 *   opening and its hashes, or the motion's text hash).
 * - ballot_vote: the counted vote of each partner. The primary key (ballot_id, partner_id) is what
 *   holds a ballot to one counted vote per partner, however many delegates vote at the same instant.
 * - ballot_result: written once at close with the votes and the rule, chained by hash to the voted
 *   text; a trigger refuses every UPDATE and every DELETE (unless its ballot's document is being deleted).
 * - ballot_extension: each extension of the deadline, with its reason.
 *
 * Also: versions of kind "ballot-opened" (and "amendment-adopted", for the amendments half of the
 * decision path), and ballot notifications in the members' inbox.
 */
export class Ballots1764357000000 implements MigrationInterface {
  name = 'Ballots1764357000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ballot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        proposal text NOT NULL CHECK (proposal IN ('adopt-recommendation', 'accept-amendment', 'motion')),
        document_id uuid REFERENCES document(id) ON DELETE CASCADE,
        amendment_id uuid,
        amendment_document_id uuid REFERENCES document(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
        motion_text text CHECK (char_length(motion_text) <= 5000),
        quorum_percent integer NOT NULL CHECK (quorum_percent BETWEEN 0 AND 100),
        majority text NOT NULL CHECK (majority IN ('simple', 'two-thirds', 'unanimity')),
        abstentions text NOT NULL CHECK (abstentions IN ('counted', 'excluded')),
        eligible_partner_ids uuid[] NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        opened_at timestamptz NOT NULL DEFAULT now(),
        opened_by uuid REFERENCES member(id) ON DELETE SET NULL,
        deadline timestamptz NOT NULL,
        voted_version integer,
        voted_content_hash text NOT NULL CHECK (voted_content_hash ~ '^[0-9a-f]{64}$'),
        voted_chain_hash text NOT NULL CHECK (voted_chain_hash ~ '^[0-9a-f]{64}$'),
        closed_at timestamptz,
        closed_by uuid REFERENCES member(id) ON DELETE SET NULL,
        reminder_sent_at timestamptz,
        outcome_statement text CHECK (char_length(outcome_statement) <= 2000),
        CHECK (deadline > opened_at),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
        CHECK ((proposal = 'motion') = (motion_text IS NOT NULL)),
        CHECK ((proposal = 'motion') = (document_id IS NULL)),
        CHECK ((proposal = 'accept-amendment') = (amendment_id IS NOT NULL))
      )`);
    // One open ballot per text: it is what freezes it.
    await queryRunner.query(`CREATE UNIQUE INDEX ballot_one_open_per_document ON ballot (document_id) WHERE status = 'open' AND proposal = 'adopt-recommendation'`);
    await queryRunner.query(`CREATE UNIQUE INDEX ballot_one_open_per_amendment ON ballot (amendment_id) WHERE status = 'open'`);
    await queryRunner.query(`CREATE INDEX ballot_due ON ballot (deadline) WHERE status = 'open'`);
    await queryRunner.query(`CREATE INDEX ballot_network ON ballot (network_id, opened_at DESC)`);

    await queryRunner.query(`
      CREATE TABLE ballot_vote (
        ballot_id uuid NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        choice text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
        cast_by uuid REFERENCES member(id) ON DELETE SET NULL,
        cast_by_name text NOT NULL,
        cast_as text NOT NULL CHECK (cast_as IN ('delegate', 'substitute')),
        cast_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        changes integer NOT NULL DEFAULT 0,
        seen_hash text NOT NULL CHECK (seen_hash ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY (ballot_id, partner_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE ballot_result (
        ballot_id uuid PRIMARY KEY REFERENCES ballot(id) ON DELETE CASCADE,
        rule jsonb NOT NULL,
        votes jsonb NOT NULL,
        tally jsonb NOT NULL,
        accepted boolean NOT NULL,
        voted_chain_hash text NOT NULL CHECK (voted_chain_hash ~ '^[0-9a-f]{64}$'),
        result_hash text NOT NULL CHECK (result_hash ~ '^[0-9a-f]{64}$'),
        closed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE FUNCTION ballot_result_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          -- Only the cascade from a deleted ballot (its network or document deleted) may remove a result.
          IF EXISTS (SELECT 1 FROM ballot WHERE id = OLD.ballot_id) THEN
            RAISE EXCEPTION 'ballot results are immutable' USING ERRCODE = 'check_violation';
          END IF;
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'ballot results are immutable' USING ERRCODE = 'check_violation';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER ballot_result_immutable BEFORE UPDATE OR DELETE ON ballot_result
        FOR EACH ROW EXECUTE FUNCTION ballot_result_immutable()`);

    await queryRunner.query(`
      CREATE TABLE ballot_extension (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ballot_id uuid NOT NULL REFERENCES ballot(id) ON DELETE CASCADE,
        previous_deadline timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
        extended_by uuid REFERENCES member(id) ON DELETE SET NULL,
        extended_at timestamptz NOT NULL DEFAULT now(),
        CHECK (deadline > previous_deadline)
      )`);

    await queryRunner.query(`ALTER TABLE document_version DROP CONSTRAINT document_version_kind_check`);
    await queryRunner.query(`
      ALTER TABLE document_version ADD CONSTRAINT document_version_kind_check
        CHECK (kind IN ('automatic', 'named', 'restore', 'event', 'ballot-opened', 'amendment-adopted'))`);

    // Ballot news in the same inbox as comment news.
    await queryRunner.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await queryRunner.query(`ALTER TABLE notification ALTER COLUMN thread_id DROP NOT NULL, ALTER COLUMN comment_id DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE notification ADD COLUMN ballot_id uuid REFERENCES ballot(id) ON DELETE CASCADE`);
    await queryRunner.query(`
      ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (
        (kind IN ('mention', 'reply') AND thread_id IS NOT NULL AND comment_id IS NOT NULL)
        OR (kind IN ('ballot-opened', 'ballot-reminder', 'ballot-result') AND ballot_id IS NOT NULL))`);
    await queryRunner.query(`CREATE UNIQUE INDEX notification_ballot_once ON notification (member_id, ballot_id, kind) WHERE ballot_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM notification WHERE ballot_id IS NOT NULL`);
    // Results are immutable; undoing the migration drops them with their table (the trigger goes first).
    await queryRunner.query(`DROP TRIGGER IF EXISTS ballot_result_immutable ON ballot_result`);
    await queryRunner.query(`DROP INDEX IF EXISTS notification_ballot_once`);
    await queryRunner.query(`ALTER TABLE notification DROP CONSTRAINT notification_kind_check`);
    await queryRunner.query(`ALTER TABLE notification DROP COLUMN ballot_id`);
    await queryRunner.query(`ALTER TABLE notification ALTER COLUMN thread_id SET NOT NULL, ALTER COLUMN comment_id SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN ('mention', 'reply'))`);
    await queryRunner.query(`ALTER TABLE document_version DROP CONSTRAINT document_version_kind_check`);
    // Versions of the new kinds cannot be deleted (append-only): the old check applies to new rows only.
    await queryRunner.query(`ALTER TABLE document_version ADD CONSTRAINT document_version_kind_check CHECK (kind IN ('automatic', 'named', 'restore', 'event')) NOT VALID`);
    for (const table of ['ballot_extension', 'ballot_result', 'ballot_vote', 'ballot']) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS ballot_result_immutable()`);
  }
}
