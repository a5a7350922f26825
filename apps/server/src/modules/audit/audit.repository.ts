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

  listForNetwork(networkId: string, limit: number): Promise<AuditEventEntity[]> {
    return this.dataSource.getRepository(AuditEventEntity).find({ where: { networkId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
