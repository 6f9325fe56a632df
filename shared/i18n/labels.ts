// A feature's message file holds its errors, entity and field names (merged into those groups
// of the catalogue) and its own label groups (added at the top level).
export function labelsOf<T extends { err: object; entity: object; field: object }>(m: T): Omit<T, 'err' | 'entity' | 'field'> {
  const { err: _err, entity: _entity, field: _field, ...labels } = m;
  return labels;
}
