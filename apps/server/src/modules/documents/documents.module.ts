import { Module } from '@nestjs/common';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { RecommendationRepository } from './recommendation.repository';

@Module({
  controllers: [DocumentsController],
  providers: [DocumentsService, RecommendationRepository],
})
export class DocumentsModule {}
