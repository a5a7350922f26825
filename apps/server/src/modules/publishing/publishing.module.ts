import { Module } from '@nestjs/common';
import { AmendmentsModule } from '../amendments/amendments.module';
import { AuditModule } from '../audit/audit.module';
import { CollabModule } from '../collab/collab.module';
import { DocumentsModule } from '../documents/documents.module';
import { VersionsModule } from '../versions/versions.module';
import { BallotDecisionRecords } from './ballot-decision-records';
import { DecisionRecordSource } from './decision-record';
import { PublicPagesController } from './public-pages.controller';
import { PublishingController } from './publishing.controller';
import { PublishingRepository } from './publishing.repository';
import { PublishingService } from './publishing.service';
import { PdfPrinter } from './render/pdf-printer';

@Module({
  imports: [AmendmentsModule, AuditModule, CollabModule, DocumentsModule, VersionsModule],
  controllers: [PublishingController, PublicPagesController],
  // Ballots recorded by the ballots module; NoDecisionRecords (decision-record.ts) stands in where they are absent.
  providers: [PublishingService, PublishingRepository, PdfPrinter, { provide: DecisionRecordSource, useClass: BallotDecisionRecords }],
  exports: [PublishingService],
})
export class PublishingModule {}
