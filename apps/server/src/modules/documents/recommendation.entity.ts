import type { RecommendationLevel, RecommendationStatus, Theme } from '@accord/contracts';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WorkingGroupEntity } from '../networks/working-group.entity';
import { DocumentEntity } from './document.entity';

@Entity({ name: 'recommendation' })
export class RecommendationEntity {
  /** Also the id of its document. */
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @OneToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'id' })
  document: DocumentEntity;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @Column({ name: 'working_group_id', type: 'uuid' })
  workingGroupId: string;

  @ManyToOne(() => WorkingGroupEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'working_group_id' })
  workingGroup: WorkingGroupEntity;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  theme: Theme;

  @Column({ type: 'text' })
  level: RecommendationLevel;

  /** BCP 47 tag of the text's language ("en", "sl"): the editor marks its content with it for screen readers. */
  @Column({ type: 'text', default: 'en' })
  language: string;

  @Column({ type: 'text', default: 'draft' })
  status: RecommendationStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
