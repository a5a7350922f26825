import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const VERSION_KINDS = ['automatic', 'named', 'restore', 'event', 'amendment-adopted'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

/**
 * One stored state of a document: its full Yjs state and TipTap JSON, the SHA-256 of the JSON's
 * canonical form chained to the version before, and what changed since then. Append-only (a
 * trigger refuses changes other than the name).
 */
@Entity({ name: 'document_version' })
export class DocumentVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  kind: VersionKind;

  @Column({ name: 'event_label', type: 'text', nullable: true })
  eventLabel: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'bytea' })
  state: Buffer;

  @Column({ type: 'jsonb' })
  content: unknown;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ name: 'previous_hash', type: 'text', nullable: true })
  previousHash: string | null;

  @Column({ name: 'chain_hash', type: 'text' })
  chainHash: string;

  @Column({ name: 'words_added', type: 'integer' })
  wordsAdded: number;

  @Column({ name: 'words_removed', type: 'integer' })
  wordsRemoved: number;

  @Column({ name: 'contributor_ids', type: 'uuid', array: true })
  contributorIds: string[];

  @Column({ name: 'restored_from', type: 'integer', nullable: true })
  restoredFrom: number | null;

  /** For kind "amendment-adopted": the amendment merged, and the ballot that accepted it. */
  @Column({ name: 'amendment_id', type: 'uuid', nullable: true })
  amendmentId: string | null;

  @Column({ name: 'ballot_id', type: 'uuid', nullable: true })
  ballotId: string | null;
}
