import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CollabModule } from '../collab/collab.module';
import { DocumentsModule } from '../documents/documents.module';
import { VersionsController } from './versions.controller';
import { VersionsRepository } from './versions.repository';
import { VersionsService } from './versions.service';

@Module({
  imports: [AuditModule, CollabModule, DocumentsModule],
  controllers: [VersionsController],
  providers: [VersionsService, VersionsRepository],
  exports: [VersionsService, VersionsRepository],
})
export class VersionsModule {}
