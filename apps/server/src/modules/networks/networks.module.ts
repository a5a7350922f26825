import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { MembershipEvents } from './membership-events';
import { NetworksController } from './networks.controller';
import { NetworksRepository } from './networks.repository';
import { NetworksService } from './networks.service';

@Module({
  imports: [AuthModule, MailModule, AuditModule],
  controllers: [NetworksController],
  providers: [NetworksService, NetworksRepository, MembershipEvents],
  exports: [MembershipEvents],
})
export class NetworksModule {}
