import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Language } from '@accord/i18n';
import type { Request, Response } from 'express';
import type { RequestWithMember } from '../modules/auth/authenticated-member';
import { DomainException } from './domain.exception';
import { languageFor, translate, type ServerMessageKey } from './i18n/translator';
import { ValidationFailedException } from './validation-failed.exception';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Sentences for Nest's and Express's own errors (unknown route, unreadable JSON, too large), by status. */
const STATUS_SENTENCES: Partial<Record<number, ServerMessageKey>> = {
  [HttpStatus.BAD_REQUEST]: 'server.errors.badRequest',
  [HttpStatus.NOT_FOUND]: 'server.errors.notFound',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'server.errors.payloadTooLarge',
  [HttpStatus.TOO_MANY_REQUESTS]: 'server.errors.tooManyRequests',
};

/**
 * One shape for every REST error: `{ statusCode, code, message }`. The code is language-neutral;
 * the message is written in the member's language, else the request's Accept-Language, else English.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request & RequestWithMember>();
    const language = languageFor(request.member?.language, request.headers['accept-language']);
    const body = this.toBody(exception, language);
    if (body.statusCode >= 500) this.logger.error({ err: exception, path: request.url }, 'Request failed');
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, language: Language): ErrorBody {
    if (exception instanceof ValidationFailedException) {
      const problems = exception.problems.map((problem) => ({ field: problem.field, message: translate(language, problem.key, problem.params) }));
      return {
        statusCode: exception.status,
        code: exception.code,
        message: translate(language, 'server.errors.validationFailed', { problems: problems.map((problem) => problem.message).join('; ') }),
        details: problems,
      };
    }
    if (exception instanceof DomainException) {
      return { statusCode: exception.status, code: exception.code, message: translate(language, exception.sentence.key, exception.sentence.params) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const key = STATUS_SENTENCES[status] ?? (status >= 500 ? 'server.errors.internal' : 'server.errors.requestRefused');
      // The framework's own English text stays available to developers, beside the sentence for people.
      return { statusCode: status, code: HttpStatus[status] ?? 'HTTP_ERROR', message: translate(language, key), details: exception.message };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: translate(language, 'server.errors.internal') };
  }
}
