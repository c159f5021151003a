// The bookkeeping behind a tree node whose children come over the network: at most one
// fetch in flight per node (a second ask joins it), an answer from before a reset
// (Refresh) is dropped, and "Load more…" asks for the page after what it was shown
// with, so a second click on the same item loads nothing twice. No I/O here: the fetch
// is passed in, so races are driven in unit tests with promises resolved by hand.

/** One page of a listing and whether more follow. */
export interface Page<T> {
  items: T[];
  more: boolean;
}

/** An open listing read page by page (a stage's LIST): each page once, in order. */
export interface PageSource<T> {
  next(limit: number): Promise<Page<T>>;
  close(): void;
}

export type LoadState<T> = { kind: 'idle' } | { kind: 'loading' } | { kind: 'loaded'; value: T } | { kind: 'failed'; error: unknown };

/** A node's children read with one call (SHOW STAGES, SHOW CONNECTIONS). */
export class SingleLoad<T> {
  private generation = 0;
  private pending: Promise<void> | undefined;
  private current: LoadState<T> = { kind: 'idle' };

  constructor(private readonly fetch: () => Promise<T>) {}

  get state(): LoadState<T> {
    return this.pending ? { kind: 'loading' } : this.current;
  }

  /**
   * Starts the fetch unless its answer is here or on its way (then the same promise is
   * returned). Never rejects: a failure becomes the `failed` state.
   */
  load(): Promise<void> {
    if (this.pending) return this.pending;
    if (this.current.kind !== 'idle') return Promise.resolve();
    const generation = this.generation;
    const settle = (state: LoadState<T>) => {
      // An answer to a fetch a reset superseded: dropped.
      if (generation !== this.generation) return;
      this.current = state;
      this.pending = undefined;
    };
    // Started on the next microtask, so `pending` is set before anything can settle it.
    const work = Promise.resolve()
      .then(() => this.fetch())
      .then(
        (value) => settle({ kind: 'loaded', value }),
        (error: unknown) => settle({ kind: 'failed', error }),
      );
    this.pending = work;
    return work;
  }

  /** Forgets the answer and any fetch in flight (whose answer will be dropped): the next `load` fetches anew. */
  reset(): void {
    this.generation += 1;
    this.pending = undefined;
    this.current = { kind: 'idle' };
  }
}

/**
 * A node's children read page by page from one open listing: the first page on `first`,
 * the next on `more`. One fetch at a time; `reset` closes the listing and drops the
 * answer of a fetch in flight. A failed page closes the listing and clears what was
 * shown, so the next try starts over from the first page (the listing may be gone).
 */
export class PagedLoad<T> {
  private generation = 0;
  private pending: Promise<void> | undefined;
  private source: PageSource<T> | undefined;
  private shown: readonly T[] = [];
  private hasMore = true;
  private failure: { error: unknown } | undefined;

  /**
   * @param open opens the listing (its first page is read with `next`)
   * @param pageSize items per page
   */
  constructor(
    private readonly open: () => Promise<PageSource<T>>,
    private readonly pageSize: number,
  ) {}

  get items(): readonly T[] {
    return this.shown;
  }

  get more(): boolean {
    return this.hasMore;
  }

  get loading(): boolean {
    return this.pending !== undefined;
  }

  /** The failure of the last fetch, until a reset. */
  get error(): { error: unknown } | undefined {
    return this.failure;
  }

  /** The first page, unless it is shown, on its way (joined) or failed. Never rejects. */
  first(): Promise<void> {
    if (this.pending) return this.pending;
    if (this.shown.length > 0 || !this.hasMore || this.failure) return Promise.resolve();
    return this.fetch();
  }

  /**
   * The page after the first `seen` items: what a "Load more…" item shown after `seen`
   * items asks for. A click while that page loads joins it; a click after it arrived
   * (`seen` is behind) loads nothing. Never rejects.
   */
  next(seen: number): Promise<void> {
    if (this.pending) return this.pending;
    if (seen !== this.shown.length || !this.hasMore || this.failure) return Promise.resolve();
    return this.fetch();
  }

  /** Closes the listing and forgets its items; a fetch in flight is superseded and its answer dropped. */
  reset(): void {
    this.generation += 1;
    this.pending = undefined;
    this.closeSource();
    this.shown = [];
    this.hasMore = true;
    this.failure = undefined;
  }

  private fetch(): Promise<void> {
    const generation = this.generation;
    const stale = () => generation !== this.generation;
    const work = Promise.resolve()
      .then(async () => {
        if (!this.source) {
          const source = await this.open();
          // Opened for a fetch a reset superseded: nobody reads it.
          if (stale()) return source.close();
          this.source = source;
        }
        const page = await this.source.next(this.pageSize);
        if (stale()) return;
        this.shown = [...this.shown, ...page.items];
        this.hasMore = page.more;
        if (!page.more) this.closeSource();
      })
      .catch((error: unknown) => {
        if (stale()) return;
        this.closeSource();
        this.shown = [];
        this.hasMore = true;
        this.failure = { error };
      })
      .finally(() => {
        if (!stale()) this.pending = undefined;
      });
    this.pending = work;
    return work;
  }

  private closeSource(): void {
    this.source?.close();
    this.source = undefined;
  }
}
