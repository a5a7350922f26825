import { HttpStatus } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { DomainException } from './domain.exception';
import type { TranslatableMessage } from './i18n/translatable-message';
import type { ServerMessageKey, TranslationParams } from './i18n/translator';

/** One field that failed, as a sentence still to be translated. */
export interface FieldProblem extends TranslatableMessage {
  field: string;
}

/**
 * A request body or query that failed validation. The code stays VALIDATION_FAILED; each field's
 * problem is kept as a catalogue key with the constraint's values (e.g. the minimum length), so the
 * filter can write the sentence in the reader's language instead of class-validator's English.
 */
export class ValidationFailedException extends DomainException {
  constructor(readonly problems: FieldProblem[]) {
    super('VALIDATION_FAILED', HttpStatus.BAD_REQUEST, { key: 'server.errors.validationFailed', params: { problems: problems.map((problem) => problem.field).join(', ') } });
  }

  /** For ValidationPipe's exceptionFactory (with `validationError.target` on, to read the constraints' values). */
  static fromErrors(errors: ValidationError[]): ValidationFailedException {
    return new ValidationFailedException(flatten(errors, ''));
  }
}

function flatten(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((constraint) => problemOf(field, constraint, constraintValues(error, constraint)));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The decorator's arguments (e.g. [10] for @MinLength(10)), read from class-validator's metadata. */
function constraintValues(error: ValidationError, constraint: string): unknown[] {
  const target = error.target;
  if (typeof target !== 'object' || target === null) return [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((entry) => entry.propertyName === error.property && entry.name === constraint);
  return Array.isArray(metadata?.constraints) ? metadata.constraints : [];
}

const SIMPLE: Record<string, ServerMessageKey> = {
  isEmail: 'server.validation.isEmail',
  isString: 'server.validation.isString',
  isUuid: 'server.validation.isUuid',
  isArray: 'server.validation.isArray',
  arrayUnique: 'server.validation.arrayUnique',
  matches: 'server.validation.matches',
  whitelistValidation: 'server.validation.unknownField',
};

function problemOf(field: string, constraint: string, values: unknown[]): FieldProblem {
  const [first, second] = values;
  const params: TranslationParams = { field };
  if (constraint === 'minLength' && typeof first === 'number') return { field, key: 'server.validation.minLength', params: { ...params, count: first } };
  if (constraint === 'maxLength' && typeof first === 'number') return { field, key: 'server.validation.maxLength', params: { ...params, count: first } };
  if (constraint === 'arrayMaxSize' && typeof first === 'number') return { field, key: 'server.validation.arrayMaxSize', params: { ...params, count: first } };
  if (constraint === 'isLength' && typeof first === 'number' && typeof second === 'number') return { field, key: 'server.validation.length', params: { ...params, min: first, max: second } };
  if (constraint === 'isIn' && Array.isArray(first)) return { field, key: 'server.validation.isIn', params: { ...params, allowed: first.map(String).join(', ') } };
  const key = SIMPLE[constraint];
  return { field, key: key ?? 'server.validation.invalid', params };
}
