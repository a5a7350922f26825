import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CollabModule } from '../collab/collab.module';
import { DocumentsModule } from '../documents/documents.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { VersionsModule } from '../versions/versions.module';
import { BallotCloser } from './ballot-closer';
import { BallotsController } from './ballots.controller';
import { BallotsRepository } from './ballots.repository';
import { BallotsService } from './ballots.service';

@Module({
  imports: [AuditModule, CollabModule, DocumentsModule, EventsModule, MailModule, VersionsModule],
  controllers: [BallotsController],
  providers: [BallotsService, BallotsRepository, BallotCloser],
  exports: [BallotsService],
})
export class BallotsModule {}
