import type { ServerMessageKey, TranslationParams } from './translator';

/** A sentence for people, kept as a catalogue key and its values until the reader's language is known. */
export interface TranslatableMessage {
  key: ServerMessageKey;
  params?: TranslationParams;
}
