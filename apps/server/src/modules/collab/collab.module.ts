import { Module } from '@nestjs/common';
import { CollabGateway } from './collab.gateway';
import { CollabService } from './collab.service';
import { UpdateLogRepository } from './update-log.repository';

@Module({
  providers: [CollabGateway, CollabService, UpdateLogRepository],
  exports: [CollabService],
})
export class CollabModule {}
