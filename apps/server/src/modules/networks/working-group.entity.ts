import { Column, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { MemberEntity } from './member.entity';

export const WORKING_GROUP_KINDS = ['local', 'thematic'] as const;
export type WorkingGroupKind = (typeof WORKING_GROUP_KINDS)[number];

@Entity({ name: 'working_group' })
export class WorkingGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: WorkingGroupKind;

  /** The town of a local group; null for a thematic one. */
  @Column({ type: 'text', nullable: true })
  town: string | null;

  @ManyToMany(() => MemberEntity)
  @JoinTable({
    name: 'working_group_member',
    joinColumn: { name: 'working_group_id' },
    inverseJoinColumn: { name: 'member_id' },
  })
  members: MemberEntity[];
}
