import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type MailDelivery, MailMessageEntity } from './mail-message.entity';

export interface NewMail {
  networkId: string | null;
  recipient: string;
  subject: string;
  body: string;
}

@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(mail: NewMail, delivery: MailDelivery, error: string | null): Promise<MailMessageEntity> {
    const repository = this.dataSource.getRepository(MailMessageEntity);
    return repository.save(repository.create({ ...mail, delivery, error }));
  }

  listForNetwork(networkId: string, limit: number): Promise<MailMessageEntity[]> {
    return this.dataSource.getRepository(MailMessageEntity).find({ where: { networkId }, order: { createdAt: 'DESC' }, take: limit });
  }
}
