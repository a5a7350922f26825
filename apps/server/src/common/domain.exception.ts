import type { HttpStatus } from '@nestjs/common';

/** An error a user can act on: a stable code for clients and a sentence for people. */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
