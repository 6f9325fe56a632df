// Chinese licence plates: a province character, a letter for the issuing office, then five
// characters (six for new-energy plates); the last may be a special character.
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_RE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警])$`);

/** Normalises a typed plate: trims, removes spaces, middle dots and dashes, upper-cases letters. */
export function normalizePlate(text: string): string {
  return text.replace(/[\s·.\-•]/g, '').toUpperCase();
}

export function isValidPlate(plate: string): boolean {
  return PLATE_RE.test(plate);
}
