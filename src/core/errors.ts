// Error kinds shared by every layer. Pure: no I/O.

/** The user dismissed a prompt or pressed Cancel: not a failure, nothing to report. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof CancelledError;
}

/** The message of anything thrown, without a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}

/**
 * The message of an error from databend-driver without the version tag it appends to
 * every message (` [v0.33.7]`), which tells the user nothing.
 */
export function withoutDriverVersion(message: string): string {
  return message.replace(/\s*\[v\d+\.\d+\.\d+\]\s*$/, '');
}

/**
 * The native Databend driver cannot be loaded on this machine (no build for the platform
 * in this .vsix, the wrong libc): Databend features are unavailable, the rest works.
 * `summary` fits a tree item; the message says what to install.
 */
export class DriverUnavailableError extends Error {
  constructor(
    message: string,
    readonly summary: string,
  ) {
    super(message);
    this.name = 'DriverUnavailableError';
  }
}

/** A value that reached the core from code without passing its validator. */
export class InvalidInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidInputError';
  }
}
