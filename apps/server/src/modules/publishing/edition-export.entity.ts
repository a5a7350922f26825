import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { ExportKind } from '@accord/contracts';

export { EXPORT_KINDS, type ExportKind } from '@accord/contracts';

/** A file rendered once at publication, stored with its SHA-256 and served as stored. Insert-only. */
@Entity({ name: 'edition_export' })
export class EditionExportEntity {
  @PrimaryColumn({ name: 'edition_id', type: 'uuid' }) editionId: string;
  @PrimaryColumn({ type: 'text' }) kind: ExportKind;
  @Column({ name: 'media_type', type: 'text' }) mediaType: string;
  @Column({ name: 'file_name', type: 'text' }) fileName: string;
  @Column({ type: 'bytea' }) bytes: Buffer;
  @Column({ type: 'text' }) sha256: string;
  @Column({ type: 'integer' }) size: number;
  @Column({ name: 'render_ms', type: 'integer' }) renderMs: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
