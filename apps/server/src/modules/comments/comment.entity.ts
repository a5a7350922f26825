import type { CommentBody, Stance } from '@accord/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One comment of a thread. Deleting leaves a tombstone (body gone); hiding keeps the body for the record. */
@Entity({ name: 'comment' })
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId: string;

  @Column({ name: 'author_member_id', type: 'uuid', nullable: true })
  authorMemberId: string | null;

  @Column({ name: 'author_name', type: 'text' })
  authorName: string;

  @Column({ name: 'author_partner_id', type: 'uuid', nullable: true })
  authorPartnerId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  body: CommentBody | null;

  @Column({ type: 'text', nullable: true })
  stance: Stance | null;

  /** The version of the text the comment was written against, when the client sent it. */
  @Column({ name: 'state_vector', type: 'bytea', nullable: true })
  stateVector: Buffer | null;

  /** The stored position of the document's update log when it was written. */
  @Column({ name: 'text_version', type: 'bigint' })
  textVersion: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;

  @Column({ name: 'hidden_by', type: 'uuid', nullable: true })
  hiddenBy: string | null;

  @Column({ name: 'hidden_by_name', type: 'text', nullable: true })
  hiddenByName: string | null;

  @Column({ name: 'hidden_reason', type: 'text', nullable: true })
  hiddenReason: string | null;
}
