import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DocumentsModule } from '../documents/documents.module';
import { NetworksModule } from '../networks/networks.module';
import { EventsModule } from '../events/events.module';
import { CollabAccess } from './collab-access';
import { CollabController } from './collab.controller';
import { CollabGateway } from './collab.gateway';
import { CollabService } from './collab.service';
import { UpdateLogRepository } from './update-log.repository';

@Module({
  imports: [AuthModule, DocumentsModule, NetworksModule, EventsModule],
  controllers: [CollabController],
  providers: [CollabGateway, CollabService, CollabAccess, UpdateLogRepository],
  exports: [CollabService],
})
export class CollabModule {}
