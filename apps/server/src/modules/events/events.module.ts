import { Module } from '@nestjs/common';
import { DOCUMENT_EVENT_BUS, InProcessDocumentEventBus } from './document-event-bus';

/** The document event bus, shared by the modules that publish (comments) and deliver (collab). */
@Module({
  providers: [{ provide: DOCUMENT_EVENT_BUS, useClass: InProcessDocumentEventBus }],
  exports: [DOCUMENT_EVENT_BUS],
})
export class EventsModule {}
