import { Module } from '@nestjs/common';
import { MailController } from './mail.controller';
import { MailRepository } from './mail.repository';
import { MailService } from './mail.service';

@Module({
  controllers: [MailController],
  providers: [MailService, MailRepository],
  exports: [MailService],
})
export class MailModule {}
