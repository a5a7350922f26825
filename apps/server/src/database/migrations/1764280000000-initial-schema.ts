import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Networks, partners, members, working groups, documents with their update log, recommendations. */
export class InitialSchema1764280000000 implements MigrationInterface {
  name = 'InitialSchema1764280000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE network (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE partner (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        name text NOT NULL,
        town text NOT NULL,
        country char(2) NOT NULL,
        type text NOT NULL CHECK (type IN ('municipality', 'agency', 'civil_society')),
        working_language text NOT NULL,
        is_lead boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(`CREATE INDEX partner_network_idx ON partner (network_id)`);
    // Exactly one lead partner per network: at most one here, at least one checked by the service.
    await queryRunner.query(`CREATE UNIQUE INDEX partner_one_lead_per_network ON partner (network_id) WHERE is_lead`);
    await queryRunner.query(`
      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        partner_id uuid NOT NULL REFERENCES partner(id) ON DELETE CASCADE,
        display_name text NOT NULL,
        email text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (network_id, email)
      )`);
    await queryRunner.query(`
      CREATE TABLE working_group (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('local', 'thematic')),
        town text
      )`);
    await queryRunner.query(`
      CREATE TABLE working_group_member (
        working_group_id uuid NOT NULL REFERENCES working_group(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES member(id) ON DELETE CASCADE,
        PRIMARY KEY (working_group_id, member_id)
      )`);
    await queryRunner.query(`CREATE INDEX working_group_member_member_idx ON working_group_member (member_id)`);
    await queryRunner.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('recommendation', 'amendment')),
        state bytea,
        content jsonb,
        compacted_through bigint NOT NULL DEFAULT 0,
        compacted_at timestamptz,
        last_edited_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The append-only log of Yjs updates since the document's last compaction.
    await queryRunner.query(`
      CREATE TABLE document_update (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES document(id) ON DELETE CASCADE,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX document_update_document_idx ON document_update (document_id, id)`);
    await queryRunner.query(`
      CREATE TABLE recommendation (
        id uuid PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
        network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
        working_group_id uuid NOT NULL REFERENCES working_group(id) ON DELETE RESTRICT,
        title text NOT NULL,
        theme text NOT NULL,
        level text NOT NULL CHECK (level IN ('eu', 'national', 'local')),
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'in_review', 'voting', 'adopted', 'rejected', 'published')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX recommendation_network_idx ON recommendation (network_id, working_group_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['recommendation', 'document_update', 'document', 'working_group_member', 'working_group', 'member', 'partner', 'network']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
