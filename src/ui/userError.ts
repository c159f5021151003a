// An error the user can act on: its message says what is wrong, and each fix is a button
// on the one notification that reports it (Add Login, Edit Login, Retry, …).

export interface Fix {
  /** The button's label. */
  title: string;
  command: string;
  args?: unknown[];
}

/**
 * A failure the user has already been shown where it happened (a statement's error under
 * it in the results panel): the command logs it and shows it not a second time.
 */
export class ShownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShownError';
  }
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly fixes: readonly Fix[],
    /** Running the same command again may work (the server may be back). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
