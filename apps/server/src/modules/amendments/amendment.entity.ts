import type { AmendmentStatus } from '@accord/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A proposed change to one passage of a recommendation; its id is also its document's (see the migration). */
@Entity({ name: 'amendment' })
export class AmendmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @Column({ name: 'recommendation_id', type: 'uuid' })
  recommendationId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text' })
  status: AmendmentStatus;

  /** The recommendation's version the fork was made from, and its content hash. */
  @Column({ name: 'base_version', type: 'integer' })
  baseVersion: number;

  @Column({ name: 'base_hash', type: 'text' })
  baseHash: string;

  @Column({ name: 'base_state_vector', type: 'bytea' })
  baseStateVector: Buffer;

  @Column({ name: 'anchor_start', type: 'bytea' })
  anchorStart: Buffer;

  @Column({ name: 'anchor_end', type: 'bytea' })
  anchorEnd: Buffer;

  @Column({ name: 'quoted_text', type: 'text' })
  quotedText: string;

  @Column({ name: 'bound_before', type: 'jsonb', nullable: true })
  boundBefore: unknown;

  @Column({ name: 'bound_after', type: 'jsonb', nullable: true })
  boundAfter: unknown;

  @Column({ name: 'thread_id', type: 'uuid', nullable: true })
  threadId: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_by_name', type: 'text' })
  createdByName: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ name: 'closed_by_name', type: 'text', nullable: true })
  closedByName: string | null;

  @Column({ name: 'closed_reason', type: 'text', nullable: true })
  closedReason: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'ballot_id', type: 'uuid', nullable: true })
  ballotId: string | null;

  @Column({ name: 'adopted_version', type: 'integer', nullable: true })
  adoptedVersion: number | null;
}

/** A member who may edit an amendment: its proposer, and whoever an author invited. */
@Entity({ name: 'amendment_author' })
export class AmendmentAuthorEntity {
  @PrimaryColumn({ name: 'amendment_id', type: 'uuid' })
  amendmentId: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
