import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const DOCUMENT_KINDS = ['recommendation', 'amendment'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * A collaborative rich-text document: the compacted Yjs state and the TipTap JSON derived
 * from it. Edits since the last compaction live in `document_update` (see the collab module).
 * A recommendation's document shares its id; an amendment will own a document of its own.
 */
@Entity({ name: 'document' })
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @Column({ type: 'text' })
  kind: DocumentKind;

  @Column({ type: 'bytea', nullable: true })
  state: Buffer | null;

  @Column({ type: 'jsonb', nullable: true })
  content: unknown;

  /** The highest `document_update.id` folded into `state`. */
  @Column({ name: 'compacted_through', type: 'bigint', default: 0 })
  compactedThrough: string;

  @Column({ name: 'compacted_at', type: 'timestamptz', nullable: true })
  compactedAt: Date | null;

  @Column({ name: 'last_edited_at', type: 'timestamptz', nullable: true })
  lastEditedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
