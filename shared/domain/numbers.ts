// Human-readable document numbers: a prefix, the year, and a sequence of six digits
// (`PC2026-000123` for a dispatch ticket, `WX2026-000007` for a repair order).
export function documentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}${year}-${String(seq).padStart(6, '0')}`;
}
