import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security fixes to the accounts schema: a collaboration token belongs to the browser session that
 * asked for it (and ends with it), stored mails no longer hold password reset links, and reset
 * requests can be counted per address for the throttle.
 */
export class SessionBindingAndMailRedaction1764300000000 implements MigrationInterface {
  name = 'SessionBindingAndMailRedaction1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth_session ADD COLUMN parent_session_id uuid REFERENCES auth_session(id) ON DELETE CASCADE`);
    await queryRunner.query(`CREATE INDEX auth_session_parent_idx ON auth_session (parent_session_id)`);
    // Tokens issued before the binding have no parent to follow; they live minutes, clients ask again.
    await queryRunner.query(`DELETE FROM auth_session WHERE kind = 'collab'`);
    // Coordinators could read reset links in the outbox: scrub them and retire every open reset link.
    await queryRunner.query(`UPDATE mail_message SET body = regexp_replace(body, '#/reset-password/[A-Za-z0-9_-]+', '#/reset-password/[withheld]', 'g') WHERE body LIKE '%#/reset-password/%'`);
    await queryRunner.query(`UPDATE account_token SET used_at = now() WHERE purpose = 'password_reset' AND used_at IS NULL`);
    await queryRunner.query(`CREATE INDEX audit_event_action_idx ON audit_event (action, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS audit_event_action_idx`);
    await queryRunner.query(`ALTER TABLE auth_session DROP COLUMN IF EXISTS parent_session_id`);
  }
}
