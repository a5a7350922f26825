import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(event: Omit<AuditEventEntity, 'id' | 'createdAt'>): Promise<void> {
    const repository = this.dataSource.getRepository(AuditEventEntity);
    await repository.save(repository.create(event));
  }

  /** Counted from the audit log, which records every request (known address or not). */
  async recentResetRequests(email: string, remoteAddress: string, windowMinutes: number): Promise<{ fromAddress: number; forEmail: number }> {
    const [row]: { from_address: number; for_email: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE remote_address = $2)::int AS from_address,
              count(*) FILTER (WHERE detail->>'email' = $1)::int AS for_email
         FROM audit_event
        WHERE action = 'password.reset-requested' AND created_at > now() - make_interval(mins => $3)`,
      [email, remoteAddress, windowMinutes],
    );
    return { fromAddress: row.from_address, forEmail: row.for_email };
  }

  listForNetwork(networkId: string, limit: number): Promise<AuditEventEntity[]> {
    return this.dataSource.getRepository(AuditEventEntity).find({ where: { networkId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
