import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comment threads anchored to a recommendation's text, their comments, reactions and mentions,
 * members' notifications, and each member's choice about notification e-mails.
 *
 * The text a thread or comment was about is recorded twice: the client's Yjs state vector (exact,
 * as the author saw it) and the server's stored log position at that moment (text_version: the
 * last document_update id stored for the document, or what compaction folded through).
 *
 * Authors are kept by name (and partner) beside the member reference: a removed member's
 * comments stay in the discussion under their name.
 */
export class CommentThreads1764320000000 implements MigrationInterface {
  name = 'CommentThreads1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE comment_thread (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        anchor_start bytea NOT NULL,
        anchor_end bytea NOT NULL,
        quoted_text text NOT NULL,
        state_vector bytea NOT NULL,
        text_version bigint NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        resolved_by uuid REFERENCES member(id) ON DELETE SET NULL,
        resolved_by_name text,
        resolved_at timestamptz,
        created_by uuid REFERENCES member(id) ON DELETE SET NULL,
        created_by_name text NOT NULL,
        created_by_partner_id uuid REFERENCES partner(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'open') = (resolved_at IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX comment_thread_document_idx ON comment_thread (document_id, status, created_at)`);
    await queryRunner.query(`
      CREATE TABLE comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES comment_thread(id) ON DELETE CASCADE,
        author_member_id uuid REFERENCES member(id) ON DELETE SET NULL,
        author_name text NOT NULL,
        author_partner_id uuid REFERENCES partner(id) ON DELETE SET NULL,
        body jsonb,
        stance text CHECK (stance IN ('for', 'against', 'neutral')),
        state_vector bytea,
        text_version bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        edited_at timestamptz,
        deleted_at timestamptz,
        hidden_at timestamptz,
        hidden_by uuid REFERENCES member(id) ON DELETE SET NULL,
        hidden_by_name text,
        hidden_reason text,
        CHECK (deleted_at IS NULL OR body IS NULL),
        CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX comment_thread_idx ON comment (thread_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE comment_reaction (
        comment_id uuid NOT NULL REFERENCES comment(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        emoji text NOT NULL CHECK (emoji IN ('👍', '👎', '🎉', '❤️', '🤔', '👀')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (comment_id, member_id, emoji)
      )`);
    await queryRunner.query(`
      CREATE TABLE comment_mention (
        comment_id uuid NOT NULL REFERENCES comment(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        PRIMARY KEY (comment_id, member_id)
      )`);
    await queryRunner.query(`CREATE INDEX comment_mention_member_idx ON comment_mention (member_id)`);
    await queryRunner.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('mention', 'reply')),
        thread_id uuid NOT NULL REFERENCES comment_thread(id) ON DELETE CASCADE,
        comment_id uuid NOT NULL REFERENCES comment(id) ON DELETE CASCADE,
        actor_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (member_id, comment_id)
      )`);
    await queryRunner.query(`CREATE INDEX notification_member_idx ON notification (member_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX notification_unread_idx ON notification (member_id) WHERE read_at IS NULL`);
    await queryRunner.query(`ALTER TABLE member ADD COLUMN comment_emails boolean NOT NULL DEFAULT true`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member DROP COLUMN IF EXISTS comment_emails`);
    for (const table of ['notification', 'comment_mention', 'comment_reaction', 'comment', 'comment_thread']) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
