import { describe, expect, it } from 'vitest';
import { amountInWords } from './amount-words.ts';

describe('amounts in capital numerals (人民币大写)', () => {
  it.each([
    [0, '零元整'],
    [50, '伍角整'],
    [5, '伍分'],
    [105, '壹元零伍分'],
    [1000, '壹拾元整'],
    [105000, '壹仟零伍拾元整'],
    [123456, '壹仟贰佰叁拾肆元伍角陆分'],
    [1001000, '壹万零壹拾元整'],
    [10000000000, '壹亿元整'],
    [10000000100, '壹亿零壹元整'],
    [-250, '负贰元伍角整'],
  ])('%i fen → %s', (fen, words) => {
    expect(amountInWords(fen)).toBe(words);
  });
  it('refuses a fraction of a fen', () => {
    expect(() => amountInWords(1.5)).toThrow(RangeError);
  });
});
