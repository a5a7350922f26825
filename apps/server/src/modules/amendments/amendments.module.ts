import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CollabModule } from '../collab/collab.module';
import { DocumentsModule } from '../documents/documents.module';
import { EventsModule } from '../events/events.module';
import { VersionsModule } from '../versions/versions.module';
import { AmendmentsController } from './amendments.controller';
import { AmendmentsRepository } from './amendments.repository';
import { AmendmentsService } from './amendments.service';

@Module({
  imports: [AuditModule, CollabModule, DocumentsModule, EventsModule, VersionsModule],
  controllers: [AmendmentsController],
  providers: [AmendmentsService, AmendmentsRepository],
  // The ballots call adopt, putUnderVote, reopen and isFrozen.
  exports: [AmendmentsService],
})
export class AmendmentsModule {}
