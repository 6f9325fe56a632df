// What an antd table's sort click means for a list query: the field sorted by and its order,
// or no sort when the column's sort was switched off.
import type { SorterResult } from 'antd/es/table/interface';

export function sortOf<F extends string, R>(sorter: SorterResult<R> | SorterResult<R>[], fieldOf: (columnKey: unknown) => F | undefined): { sortField: F | undefined; sortOrder: 'asc' | 'desc' | undefined } {
  const s = Array.isArray(sorter) ? sorter[0] : sorter;
  if (!s?.order) return { sortField: undefined, sortOrder: undefined };
  return { sortField: fieldOf(s.columnKey), sortOrder: s.order === 'descend' ? 'desc' : 'asc' };
}
