import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which member sent a Yjs client id in a document, as seen by the server on an admitted, writable connection. */
@Entity({ name: 'client_authorship' })
export class ClientAuthorshipEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId: string;

  @PrimaryColumn({ name: 'client_id', type: 'bigint' })
  clientId: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ name: 'first_seen', type: 'timestamptz' })
  firstSeen: Date;
}
