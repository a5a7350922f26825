import { COLLAB_PATH, CollabCloseCode } from '@accord/contracts';
import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { CollabService } from './collab.service';

/** `/collab/<documentId>`: y-websocket's protocol, so any stock y-websocket client works. */
@WebSocketGateway({ path: COLLAB_PATH })
export class CollabGateway implements OnGatewayConnection {
  private readonly logger = new Logger(CollabGateway.name);

  constructor(private readonly collab: CollabService) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    // Nest calls this from an rxjs subscriber, which would rethrow an error out of a timer and
    // stop the process: whatever escapes the service ends this socket only.
    try {
      this.collab.accept(socket, request);
    } catch (error) {
      this.logger.error({ remoteAddress: request.socket.remoteAddress, err: error }, 'Could not accept a collaboration connection');
      socket.close(CollabCloseCode.internalError, 'The server could not take this connection; reconnect');
    }
  }
}
