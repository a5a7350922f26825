import type { HttpStatus } from '@nestjs/common';
import type { TranslatableMessage } from './i18n/translatable-message';
import { translate } from './i18n/translator';

/**
 * An error a user can act on: a stable, language-neutral code for clients, and a sentence for
 * people, translated into the reader's language by the exception filter (English in the logs).
 */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    readonly sentence: TranslatableMessage,
  ) {
    super(translate('en', sentence.key, sentence.params));
    this.name = new.target.name;
  }
}
