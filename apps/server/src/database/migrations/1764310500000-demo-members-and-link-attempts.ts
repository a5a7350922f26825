import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The accounts of the demo seed, whose passwords are published: they work only in demo mode. */
const DEMO_EMAILS = [
  'coordinator@demo.accord.example',
  'delegate@demo.accord.example',
  'substitute@demo.accord.example',
  'editor@demo.accord.example',
  'commenter@demo.accord.example',
  'editor.pordenone@demo.accord.example',
  'delegate.pordenone@demo.accord.example',
  'delegate.zala@demo.accord.example',
];

/**
 * Insecure defaults: members seeded by the demo are marked, so they can be refused when demo mode
 * is off; invitation and reset-link submissions are counted per address for their throttle.
 */
export class DemoMembersAndLinkAttempts1764310500000 implements MigrationInterface {
  name = 'DemoMembersAndLinkAttempts1764310500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE member ADD COLUMN demo boolean NOT NULL DEFAULT false`);
    // An earlier demo seed: its network's members with the published addresses.
    await queryRunner.query(
      `UPDATE member m SET demo = true FROM network n WHERE n.id = m.network_id AND n.slug = 'ec-net' AND lower(m.email) = ANY($1)`,
      [DEMO_EMAILS],
    );
    await queryRunner.query(
      `CREATE TABLE account_link_attempt (
         id bigserial PRIMARY KEY,
         remote_address text NOT NULL,
         succeeded boolean NOT NULL DEFAULT false,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(`CREATE INDEX account_link_attempt_address_idx ON account_link_attempt (remote_address, created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS account_link_attempt`);
    await queryRunner.query(`ALTER TABLE member DROP COLUMN IF EXISTS demo`);
  }
}
