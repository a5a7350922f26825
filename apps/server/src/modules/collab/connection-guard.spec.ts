import { CollabCloseCode } from '@accord/contracts';
import { Logger } from '@nestjs/common';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { CollabConnection } from './collab-connection';
import { guardConnection } from './connection-guard';

const LIMITS = { messagesPerSecond: 1000, messageBurst: 1000, bytesPerSecond: 1 << 20, byteBurst: 1 << 20 };

describe('guardConnection', () => {
  const http = createServer();
  const server = new WebSocketServer({ server: http });
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  let url = '';

  beforeAll(async () => {
    process.on('uncaughtException', onEscape);
    // A message handler of the real kind: echo, except one message that makes it throw.
    server.on('connection', (socket: WebSocket) => {
      const connection = new CollabConnection(socket, 'document', '127.0.0.1', LIMITS);
      socket.on('message', (data: Buffer) =>
        guardConnection(new Logger('ConnectionGuardSpec'), connection, 'message', () => {
          if (data.toString() === 'throw') throw new TypeError('Cannot read properties of undefined');
          connection.send(new Uint8Array(data));
        }),
      );
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const address = http.address();
    url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(() => {
    process.off('uncaughtException', onEscape);
    server.close();
    http.close();
  });

  const open = async (): Promise<WebSocket> => {
    const socket = new WebSocket(url);
    await once(socket, 'open');
    return socket;
  };
  const echo = async (socket: WebSocket, text: string): Promise<string> => {
    socket.send(text);
    const [data] = (await once(socket, 'message')) as [Buffer];
    return data.toString();
  };

  it('closes only the connection whose message handler threw, with 1011 and a reason', async () => {
    const [thrower, bystander] = [await open(), await open()];
    const closing = once(thrower, 'close') as Promise<[number, Buffer]>;
    thrower.send('throw');
    const [code, reason] = await closing;
    expect(code).toBe(CollabCloseCode.internalError);
    expect(reason.toString()).toMatch(/reconnect/);

    expect(await echo(bystander, 'still here')).toBe('still here');
    const newcomer = await open();
    expect(await echo(newcomer, 'hello')).toBe('hello');
    expect(escaped).toEqual([]);
    bystander.close();
    newcomer.close();
  });
});
