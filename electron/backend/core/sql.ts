// Small SQL helpers shared by the features' repositories (dialect-neutral: plain LIKE with ESCAPE).
import { sql, type SelectQueryBuilder } from 'kysely';

/** A search term as a LIKE pattern matching it anywhere, with its wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function like(column: string, pattern: string) {
  return sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
}

/** How many rows a filtered list query has, for its pager (the same filters, one count). */
export async function countRows<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const row = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number((row as { n?: number } | undefined)?.n ?? 0);
}
