import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CollabModule } from '../collab/collab.module';
import { DocumentsModule } from '../documents/documents.module';
import { VersionsModule } from '../versions/versions.module';
import { DecisionRecordSource, NoDecisionRecords } from './decision-record';
import { PublicPagesController } from './public-pages.controller';
import { PublishingController } from './publishing.controller';
import { PublishingRepository } from './publishing.repository';
import { PublishingService } from './publishing.service';
import { PdfPrinter } from './render/pdf-printer';

@Module({
  imports: [AuditModule, CollabModule, DocumentsModule, VersionsModule],
  controllers: [PublishingController, PublicPagesController],
  // The ballots module replaces NoDecisionRecords with its own source once it lands.
  providers: [PublishingService, PublishingRepository, PdfPrinter, { provide: DecisionRecordSource, useClass: NoDecisionRecords }],
  exports: [PublishingService],
})
export class PublishingModule {}
