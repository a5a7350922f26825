import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One published, immutable edition of a recommendation: its number in the network's series, the
 * exact version and its hashes, the adopting ballot as known at publication, who published it and
 * when. Insert-only (a trigger refuses UPDATE and DELETE).
 */
@Entity({ name: 'edition' })
export class EditionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'network_id', type: 'uuid' }) networkId: string;
  @Column({ name: 'recommendation_id', type: 'uuid' }) recommendationId: string;
  /** "EC-NET Recommendation": the series the number belongs to. */
  @Column({ type: 'text' }) series: string;
  @Column({ type: 'integer' }) year: number;
  @Column({ type: 'integer' }) sequence: number;
  @Column({ name: 'edition_number', type: 'integer' }) editionNumber: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) language: string;
  @Column({ type: 'text', array: true }) languages: string[];
  @Column({ name: 'version_id', type: 'uuid' }) versionId: string;
  @Column({ name: 'version_number', type: 'integer' }) versionNumber: number;
  @Column({ type: 'jsonb' }) content: unknown;
  @Column({ name: 'content_hash', type: 'text' }) contentHash: string;
  @Column({ name: 'chain_hash', type: 'text' }) chainHash: string;
  /** No foreign key until the ballots table exists. */
  @Column({ name: 'ballot_id', type: 'uuid', nullable: true }) ballotId: string | null;
  @Column({ type: 'jsonb', nullable: true }) ballot: unknown;
  @Column({ name: 'published_at', type: 'timestamptz' }) publishedAt: Date;
  @Column({ name: 'publisher_id', type: 'uuid' }) publisherId: string;
  @Column({ name: 'publisher_name', type: 'text' }) publisherName: string;
  @Column({ name: 'publisher_partner', type: 'text' }) publisherPartner: string;
  @Column({ name: 'erratum_reason', type: 'text', nullable: true }) erratumReason: string | null;
}
