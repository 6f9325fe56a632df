// An amount in fen as the capital Chinese numerals of financial documents (人民币大写):
// 123456 → '壹仟贰佰叁拾肆元伍角陆分'. Integer arithmetic only.
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

function integerWords(n: number): string {
  const digits = String(n);
  let out = '';
  let zero = false;
  let groupHas = false;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    const p = digits.length - 1 - i;
    if (d === 0) {
      zero = true;
    } else {
      if (zero && out) out += '零';
      zero = false;
      groupHas = true;
      out += DIGITS[d]! + UNITS[p % 4]!;
    }
    if (p % 4 === 0) {
      if (groupHas && p > 0) out += GROUPS[p / 4] ?? '';
      groupHas = false;
    }
  }
  return out;
}

export function amountInWords(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  if (fen < 0) return `负${amountInWords(-fen)}`;
  const cents = fen % 100;
  const yuan = (fen - cents) / 100;
  const fenDigit = cents % 10;
  const jiao = (cents - fenDigit) / 10;
  if (yuan === 0 && cents === 0) return '零元整';
  let out = yuan > 0 ? `${integerWords(yuan)}元` : '';
  if (cents === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  out += fenDigit > 0 ? `${DIGITS[fenDigit]}分` : '整';
  return out;
}
