import { THREAD_STATUSES, type ThreadStatus } from '@accord/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export { THREAD_STATUSES, type ThreadStatus };

/** A discussion anchored to a passage of a recommendation's text (see libs/editor thread-anchor.ts). */
@Entity({ name: 'comment_thread' })
export class CommentThreadEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  /** Y.encodeRelativePosition of the passage's start and end. */
  @Column({ name: 'anchor_start', type: 'bytea' })
  anchorStart: Buffer;

  @Column({ name: 'anchor_end', type: 'bytea' })
  anchorEnd: Buffer;

  @Column({ name: 'quoted_text', type: 'text' })
  quotedText: string;

  /** Y.encodeStateVector of the text the thread was started on. */
  @Column({ name: 'state_vector', type: 'bytea' })
  stateVector: Buffer;

  /** The stored position of the document's update log at creation. */
  @Column({ name: 'text_version', type: 'bigint' })
  textVersion: string;

  @Column({ type: 'text' })
  status: ThreadStatus;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_by_name', type: 'text', nullable: true })
  resolvedByName: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_by_name', type: 'text' })
  createdByName: string;

  @Column({ name: 'created_by_partner_id', type: 'uuid', nullable: true })
  createdByPartnerId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
