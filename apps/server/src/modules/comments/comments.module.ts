import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DocumentsModule } from '../documents/documents.module';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { CommentsController } from './comments.controller';
import { CommentsRepository } from './comments.repository';
import { CommentsService } from './comments.service';
import { NotificationsController } from './notifications.controller';

@Module({
  imports: [AuditModule, DocumentsModule, EventsModule, MailModule],
  controllers: [CommentsController, NotificationsController],
  providers: [CommentsService, CommentsRepository],
  exports: [CommentsService],
})
export class CommentsModule {}
