import { Module } from '@nestjs/common';
import { CollabController } from './collab.controller';
import { CollabGateway } from './collab.gateway';
import { CollabService } from './collab.service';
import { UpdateLogRepository } from './update-log.repository';

@Module({
  controllers: [CollabController],
  providers: [CollabGateway, CollabService, UpdateLogRepository],
  exports: [CollabService],
})
export class CollabModule {}
