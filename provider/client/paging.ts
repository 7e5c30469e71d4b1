// Walking paged and batched APIs.

/** The page size of every listing walked: the most that the subscriptions, orders and instances APIs return. */
export const PAGE_SIZE = 100;

/** Hard stop against a server that never stops answering pages. */
const MAX_PAGES = 10_000;

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface Page<T> {
  items: T[];
  /** The total the server announces, when it does. */
  total?: number;
  /** The page size asked for. */
  pageSize: number;
}

/**
 * Every item of a paged listing, page index 0, 1, ... until the announced total is reached or a page comes back
 * empty (or, without a total, short: a server may cap the page size, so a short page only ends when there is
 * no total to go by). With `enough`, the walk also ends as soon as the items so far are enough.
 */
export async function collectPages<T>(
  fetchPage: (index: number) => Promise<Page<T>>,
  enough?: (itemsSoFar: T[]) => boolean,
): Promise<T[]> {
  const all: T[] = [];
  for (let index = 0; index < MAX_PAGES; index++) {
    const page = await fetchPage(index);
    all.push(...page.items);
    const done =
      page.items.length === 0 ||
      (page.total !== undefined ? all.length >= page.total : page.items.length < page.pageSize);
    if (done || enough?.(all)) break;
  }
  return all;
}
