import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { NetworkEntity } from './network.entity';

export const PARTNER_TYPES = ['municipality', 'agency', 'civil_society'] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];

@Entity({ name: 'partner' })
export class PartnerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId: string;

  @ManyToOne(() => NetworkEntity, (network) => network.partners, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'network_id' })
  network: NetworkEntity;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  town: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'text' })
  type: PartnerType;

  /** BCP 47 language tag, e.g. "sl" or "en". */
  @Column({ name: 'working_language', type: 'text' })
  workingLanguage: string;

  @Column({ name: 'is_lead', type: 'boolean', default: false })
  isLead: boolean;
}
