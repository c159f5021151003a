// The races of a tree node's loading, driven by hand: each fetch answers only when the
// test resolves it, so "Refresh while the files load" and "Load more… clicked twice"
// happen in exactly the order written here.
import * as assert from 'node:assert/strict';
import { PagedLoad, SingleLoad, type Page, type PageSource } from '../../src/core/childLoads';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending callback run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A listing of `total` files whose pages answer when the test says so. */
class HandListing {
  readonly asked: Deferred<Page<string>>[] = [];
  closed = false;
  private offset = 0;
  constructor(
    readonly id: number,
    private readonly total: number,
  ) {}
  source(): PageSource<string> {
    return {
      next: () => {
        const answer = deferred<Page<string>>();
        this.asked.push(answer);
        return answer.promise;
      },
      close: () => {
        this.closed = true;
      },
    };
  }
  /** Answers the oldest unanswered page with the next `limit` files. */
  answer(limit = 100): void {
    const pending = this.asked.shift();
    assert.ok(pending, `listing ${this.id} was asked for a page`);
    const items = Array.from({ length: Math.min(limit, this.total - this.offset) }, (_, i) => `file-${String(this.offset + i).padStart(3, '0')}.csv`);
    this.offset += items.length;
    pending.resolve({ items, more: this.offset < this.total });
  }
}

/** A PagedLoad over listings of `total` files, each opened when the test lets it. */
function pagedOver(total: number) {
  const listings: HandListing[] = [];
  let opens = 0;
  const load = new PagedLoad<string>(async () => {
    opens += 1;
    const listing = new HandListing(listings.length, total);
    listings.push(listing);
    return listing.source();
  }, 100);
  return { load, listings, opens: () => opens };
}

describe('PagedLoad: a stage\'s files, page by page', () => {
  it('150 files, page size 100: the first page, then Load more, shows all 150 once each, from one listing', async () => {
    const { load, listings, opens } = pagedOver(150);
    const first = load.first();
    await flush();
    listings[0].answer();
    await first;
    assert.deepEqual([load.items.length, load.more], [100, true]);
    const more = load.next(100);
    await flush();
    listings[0].answer();
    await more;
    assert.equal(load.items.length, 150);
    assert.equal(new Set(load.items).size, 150);
    assert.equal(load.more, false);
    assert.equal(opens(), 1);
    assert.equal(listings[0].closed, true, 'the listing is closed after its last page');
  });

  it('a second ask for the first page while it loads joins the fetch in flight', async () => {
    const { load, listings, opens } = pagedOver(150);
    const a = load.first();
    const b = load.first();
    assert.equal(a, b);
    await flush();
    assert.equal(listings[0].asked.length, 1, 'one page asked, not two');
    listings[0].answer();
    await Promise.all([a, b]);
    assert.equal(load.items.length, 100);
    assert.equal(opens(), 1);
  });

  it('"Load more…" clicked twice while its page loads loads that page once', async () => {
    const { load, listings } = pagedOver(150);
    const first = load.first();
    await flush();
    listings[0].answer();
    await first;
    const click1 = load.next(100);
    const click2 = load.next(100);
    await flush();
    assert.equal(listings[0].asked.length, 1, 'one page asked for two clicks');
    listings[0].answer();
    await Promise.all([click1, click2]);
    assert.equal(load.items.length, 150);
    assert.equal(new Set(load.items).size, 150);
  });

  it('"Load more…" clicked again after its page arrived (the item not yet redrawn) loads nothing', async () => {
    const { load, listings } = pagedOver(350);
    const first = load.first();
    await flush();
    listings[0].answer();
    await first;
    const click1 = load.next(100);
    await flush();
    listings[0].answer();
    await click1;
    // The same item, shown after 100 files, clicked once more: the page after 100 is here already.
    await load.next(100);
    await flush();
    assert.equal(listings[0].asked.length, 0);
    assert.equal(load.items.length, 200);
    assert.equal(new Set(load.items).size, 200);
  });

  it('Refresh while the first page loads: the old answer is dropped, its listing closed, and the new one shows the files once', async () => {
    const { load, listings, opens } = pagedOver(150);
    const old = load.first();
    await flush();
    load.reset();
    assert.equal(listings[0].closed, true, 'the superseded listing is closed');
    assert.equal(load.loading, false);
    const fresh = load.first();
    await flush();
    // The old listing answers last-but-one: its page must not be shown.
    listings[1].answer();
    await fresh;
    listings[0].answer();
    await old;
    await flush();
    assert.equal(load.items.length, 100);
    assert.equal(new Set(load.items).size, 100);
    assert.equal(opens(), 2);
    const more = load.next(100);
    await flush();
    listings[1].answer();
    await more;
    assert.equal(load.items.length, 150);
    assert.equal(new Set(load.items).size, 150);
    assert.equal(load.more, false);
  });

  it('Refresh while the listing is being opened: the listing opened for the old fetch is closed unread', async () => {
    const opened = deferred<PageSource<string>>();
    let closedUnread = false;
    let opens = 0;
    const second = new HandListing(1, 10);
    const load = new PagedLoad<string>(() => {
      opens += 1;
      return opens === 1 ? opened.promise : Promise.resolve(second.source());
    }, 100);
    const old = load.first();
    await flush();
    load.reset();
    const fresh = load.first();
    await flush();
    second.answer();
    await fresh;
    opened.resolve({
      next: () => Promise.reject(new Error('a superseded listing is never read')),
      close: () => {
        closedUnread = true;
      },
    });
    await old;
    assert.equal(closedUnread, true);
    assert.deepEqual([load.items.length, load.more, load.error], [10, false, undefined]);
  });

  it('Refresh during "Load more…": the page that was loading is dropped; the tree starts over from the first page', async () => {
    const { load, listings } = pagedOver(150);
    const first = load.first();
    await flush();
    listings[0].answer();
    await first;
    const more = load.next(100);
    await flush();
    load.reset();
    listings[0].answer();
    await more;
    assert.deepEqual([load.items.length, load.more], [0, true]);
    const again = load.first();
    await flush();
    listings[1].answer();
    await again;
    assert.equal(load.items.length, 100);
  });

  it('a failed page becomes the error, clears what was shown, closes the listing; after a reset it loads again', async () => {
    const { load, listings } = pagedOver(150);
    const first = load.first();
    await flush();
    listings[0].asked.shift()!.reject(new Error('[4000] at list'));
    await first;
    assert.match(String((load.error?.error as Error).message), /4000/);
    assert.equal(listings[0].closed, true);
    assert.equal(load.items.length, 0);
    // No silent retry on the next ask: Retry (a reset) starts over.
    await load.first();
    assert.equal(listings.length, 1);
    load.reset();
    const retry = load.first();
    await flush();
    listings[1].answer();
    await retry;
    assert.deepEqual([load.items.length, load.error], [100, undefined]);
  });

  it('an opening that throws at once is a failure, not a fetch stuck in flight', async () => {
    const load = new PagedLoad<string>(() => {
      throw new Error('no session');
    }, 100);
    await load.first();
    assert.equal(load.loading, false);
    assert.match(String((load.error?.error as Error).message), /no session/);
  });
});

describe('SingleLoad: a group\'s children in one query', () => {
  it('joins a fetch in flight, and drops the answer of one a reset superseded', async () => {
    const answers: Deferred<string[]>[] = [];
    const load = new SingleLoad<string[]>(() => {
      const answer = deferred<string[]>();
      answers.push(answer);
      return answer.promise;
    });
    const a = load.load();
    assert.equal(load.load(), a);
    await flush();
    assert.equal(answers.length, 1);
    assert.equal(load.state.kind, 'loading');
    load.reset();
    const b = load.load();
    await flush();
    assert.equal(answers.length, 2);
    answers[1].resolve(['new_stage']);
    await b;
    answers[0].resolve(['old_stage']);
    await a;
    assert.deepEqual(load.state, { kind: 'loaded', value: ['new_stage'] });
    // Loaded: a further ask fetches nothing.
    await load.load();
    assert.equal(answers.length, 2);
  });

  it('keeps a failure until a reset, and a stale failure is dropped', async () => {
    const answers: Deferred<string[]>[] = [];
    const load = new SingleLoad<string[]>(() => {
      const answer = deferred<string[]>();
      answers.push(answer);
      return answer.promise;
    });
    const old = load.load();
    await flush();
    load.reset();
    const fresh = load.load();
    await flush();
    answers[0].reject(new Error('old failure'));
    await old;
    assert.equal(load.state.kind, 'loading');
    answers[1].reject(new Error('new failure'));
    await fresh;
    const state = load.state as { kind: string; error?: Error };
    assert.equal(state.kind, 'failed');
    assert.match(String(state.error?.message), /new failure/);
  });
});
