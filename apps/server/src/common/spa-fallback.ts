import type { NextFunction, Request, Response } from 'express';

const SERVER_PATHS = ['/api', '/health', '/collab', '/p'];

/** Serves the web app's index.html for client-side routes; server paths pass through. */
export function spaFallback(indexFile: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' || SERVER_PATHS.some((prefix) => request.path === prefix || request.path.startsWith(`${prefix}/`))) {
      next();
      return;
    }
    if (!request.accepts('html')) {
      next();
      return;
    }
    response.sendFile(indexFile);
  };
}
