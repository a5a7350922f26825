import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { RecommendationRepository } from './recommendation.repository';

@Module({
  imports: [AuditModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, RecommendationRepository],
  exports: [RecommendationRepository],
})
export class DocumentsModule {}
