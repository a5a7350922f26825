import { ApiProperty } from '@nestjs/swagger';
import { MAIL_DELIVERIES, type MailDelivery } from '../mail-message.entity';

export class MailMessageDto {
  @ApiProperty() id: string;
  @ApiProperty() recipient: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: MAIL_DELIVERIES, description: 'outbox: no SMTP configured, kept here and in the log' }) delivery: MailDelivery;
  @ApiProperty() createdAt: string;
}
