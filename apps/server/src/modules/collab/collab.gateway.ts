import { COLLAB_PATH } from '@accord/contracts';
import { type OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { CollabService } from './collab.service';

/** `/collab/<documentId>`: y-websocket's protocol, so any stock y-websocket client works. */
@WebSocketGateway({ path: COLLAB_PATH })
export class CollabGateway implements OnGatewayConnection {
  constructor(private readonly collab: CollabService) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    void this.collab.accept(socket, request);
  }
}
