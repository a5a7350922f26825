import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A range of one Yjs client's clock that a member inserted or deleted, as the server saw it arrive. */
@Entity({ name: 'text_range_authorship' })
export class TextRangeAuthorshipEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @Column({ type: 'text' })
  action: 'insert' | 'delete';

  @Column({ name: 'client_id', type: 'bigint' })
  clientId: string;

  @Column({ name: 'clock_start', type: 'integer' })
  clockStart: number;

  @Column({ name: 'clock_end', type: 'integer' })
  clockEnd: number;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
