import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PartnerEntity } from './partner.entity';

import { MEMBER_ROLES, type MemberRole } from '@accord/contracts';

export { MEMBER_ROLES, type MemberRole };

@Entity({ name: 'member' })
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_id' })
  partner: PartnerEntity;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: MemberRole[];

  /** The member's chosen UI language (one of LANGUAGES in libs/i18n); null: their browser's language applies. */
  @Column({ type: 'text', nullable: true })
  language: string | null;

  /** argon2id; null until the member accepts their invitation. Never selected unless asked for. */
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  /** Seeded by the demo, with a published password: may sign in only in demo mode (SEED_DEMO). */
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
