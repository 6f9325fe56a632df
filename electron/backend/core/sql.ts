// Small SQL helpers shared by the features' repositories (dialect-neutral: plain LIKE with ESCAPE).
import { sql } from 'kysely';

/** A search term as a LIKE pattern matching it anywhere, with its wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function like(column: string, pattern: string) {
  return sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
}
