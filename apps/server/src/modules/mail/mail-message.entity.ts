import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MAIL_DELIVERIES = ['outbox', 'sent', 'failed'] as const;
export type MailDelivery = (typeof MAIL_DELIVERIES)[number];

/** Every mail Accord sends. Without SMTP it stays in the outbox, where coordinators can read it. */
@Entity({ name: 'mail_message' })
export class MailMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'network_id', type: 'uuid', nullable: true })
  networkId: string | null;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  delivery: MailDelivery;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
