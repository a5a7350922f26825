import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const SESSION_KINDS = ['browser', 'collab'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/**
 * A signed-in browser (cookie) or a short-lived collaboration token for non-browser clients.
 * Only the SHA-256 of the secret is stored.
 */
@Entity({ name: 'auth_session' })
export class AuthSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash: Buffer;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ type: 'text' })
  kind: SessionKind;

  /** The double-submit CSRF token of a browser session. */
  @Column({ name: 'csrf_token', type: 'text', nullable: true })
  csrfToken: string | null;

  /** The browser session a collaboration token was issued to; the token and its connections end with it. */
  @Column({ name: 'parent_session_id', type: 'uuid', nullable: true })
  parentSessionId: string | null;

  @Column({ name: 'remote_address', type: 'text', nullable: true })
  remoteAddress: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
