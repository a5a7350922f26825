import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Passwords, sessions, sign-in attempts, invitation and reset tokens, the mail outbox and the audit log. */
export class AccountsAndAudit1764290000000 implements MigrationInterface {
  name = 'AccountsAndAudit1764290000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Null until the member accepts their invitation: nobody can sign in without a password.
    await queryRunner.query(`ALTER TABLE member ADD COLUMN password_hash text`);
    // Sign-in is by e-mail alone, so an address names one member across all networks.
    await queryRunner.query(`CREATE UNIQUE INDEX member_email_unique ON member (lower(email))`);
    await queryRunner.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('browser', 'collab')),
        csrf_token text,
        remote_address text,
        user_agent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX auth_session_member_idx ON auth_session (member_id)`);
    await queryRunner.query(`
      CREATE TABLE login_attempt (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        remote_address text NOT NULL,
        succeeded boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX login_attempt_email_idx ON login_attempt (email, created_at)`);
    await queryRunner.query(`CREATE INDEX login_attempt_address_idx ON login_attempt (remote_address, created_at)`);
    await queryRunner.query(`
      CREATE TABLE account_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
        created_by uuid REFERENCES member(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX account_token_member_idx ON account_token (member_id)`);
    await queryRunner.query(`
      CREATE TABLE mail_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid REFERENCES network(id) ON DELETE CASCADE,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        delivery text NOT NULL CHECK (delivery IN ('outbox', 'sent', 'failed')),
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX mail_message_network_idx ON mail_message (network_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        network_id uuid REFERENCES network(id) ON DELETE CASCADE,
        actor_member_id uuid,
        actor_label text NOT NULL,
        action text NOT NULL,
        subject_type text,
        subject_id text,
        detail jsonb NOT NULL DEFAULT '{}',
        remote_address text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX audit_event_network_idx ON audit_event (network_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_event', 'mail_message', 'account_token', 'login_attempt', 'auth_session']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await queryRunner.query(`DROP INDEX IF EXISTS member_email_unique`);
    await queryRunner.query(`ALTER TABLE member DROP COLUMN IF EXISTS password_hash`);
  }
}
