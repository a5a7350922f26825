import { CollabCloseCode } from '@accord/contracts';
import type { Logger } from '@nestjs/common';
import type { CollabConnection } from './collab-connection';

/**
 * Every entry point of the collaboration server (socket events, timers, promises nobody awaits)
 * runs its work through one of these, so that an unexpected error ends at most the one
 * connection it happened on, is logged with its context, and never reaches the process.
 */

const INTERNAL_ERROR_REASON = 'The server could not handle a message of this connection; reconnect';

/** Runs the work of one socket event; an unexpected error closes this connection (1011) and nothing else. */
export function guardConnection(logger: Logger, connection: CollabConnection, event: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    failConnection(logger, connection, event, error);
  }
}

/** Logs an unexpected error of one connection and closes it with 1011 and a reason. */
export function failConnection(logger: Logger, connection: CollabConnection, event: string, error: unknown): void {
  logger.error(
    { documentId: connection.documentId, connectionId: connection.id, memberId: connection.memberId, remoteAddress: connection.remoteAddress, event, err: error },
    'Unexpected error on a collaboration connection; closing only this connection',
  );
  try {
    connection.close(CollabCloseCode.internalError, INTERNAL_ERROR_REASON);
  } catch {
    connection.socket.terminate();
  }
}

/** Runs a timer's work; an unexpected error is logged with the task's context and goes no further. */
export function guardTask(logger: Logger, task: string, context: Record<string, unknown>, work: () => void): void {
  try {
    work();
  } catch (error) {
    logger.error({ ...context, task, err: error }, `Unexpected error in ${task}`);
  }
}

/**
 * For a promise that nobody awaits: a rejection is logged with the task's context instead of
 * reaching the process. Returns a promise that settles when the work has, and never rejects
 * (for a shutdown that waits on background work).
 */
export function settleInBackground(logger: Logger, task: string, context: Record<string, unknown>, work: () => Promise<unknown>): Promise<void> {
  let running: Promise<unknown>;
  try {
    running = work();
  } catch (error) {
    running = Promise.reject(error);
  }
  return running.then(
    () => undefined,
    (error: unknown) => logger.error({ ...context, task, err: error }, `Unexpected error in ${task}`),
  );
}
