// The one rule every exporter and the importer use against formula (CSV) injection: which
// text a spreadsheet would run, how a CSV field is neutralised, what an .xlsx cell may hold.
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, csvRow, safeFileName, sheetCell, sheetRow, startsLikeFormula, unsafeImportedText, XLSX_MAX_CELL_CHARS } from './spreadsheet-safety.ts';

const ATTACKS = ["=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(1)', '\t=1+1', '\r=1+1', '\n=1+1', ' =1+1', '　=1+1', '＝1+1', '＋1', '－1', '＠SUM(1)', '=HYPERLINK("http://x.invalid","a")'];

describe('startsLikeFormula', () => {
  it('flags what Excel, LibreOffice or Sheets would run, also behind spaces, and a leading tab, CR or LF', () => {
    for (const text of ATTACKS) expect(startsLikeFormula(text), JSON.stringify(text)).toBe(true);
    expect(startsLikeFormula('\tplain')).toBe(true);
  });

  it('leaves ordinary text alone, formula characters inside it too', () => {
    for (const text of ['中石化城东加油站', 'FP-2026-001', 'a=b', '1+1', '', '李志强 (=队长)', "'=already quoted"]) expect(startsLikeFormula(text), text).toBe(false);
  });
});

describe('unsafeImportedText', () => {
  it('refuses formula starts and control characters; a plain negative number is text', () => {
    for (const text of ATTACKS) expect(unsafeImportedText(text), JSON.stringify(text)).toBe(true);
    expect(unsafeImportedText('FP\u0007X')).toBe(true);
    expect(unsafeImportedText('城东\n加油站')).toBe(true);
    expect(unsafeImportedText('-2026110301')).toBe(false);
    expect(unsafeImportedText('-12.50')).toBe(false);
    expect(unsafeImportedText('-A1')).toBe(true);
    expect(unsafeImportedText('+123')).toBe(true);
    expect(unsafeImportedText('中石化城东加油站')).toBe(false);
  });
});

describe('CSV fields', () => {
  it('puts a single quote in front of text that would start a formula, and only there', () => {
    expect(csvField("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('中石化')).toBe('中石化');
    // the program's own values are not user text
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvRow(['@SUM(1)', 3, true])).toEqual(["'@SUM(1)", '3', 'true']);
  });

  it('for any text: the field read back from the written CSV never starts a formula, and is the text or the text behind a quote', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(...ATTACKS), fc.string().map((s) => `=${s}`)), { minLength: 1, maxLength: 6 }), (texts) => {
        // a first column of our own: a row of one empty field would be written as an empty file
        const written = Papa.unparse([['row', ...csvRow(texts)]]);
        const [read] = Papa.parse<string[]>(written, { delimiter: ',' }).data;
        expect(read).toHaveLength(texts.length + 1);
        read!.slice(1).forEach((field, i) => {
          expect(startsLikeFormula(field)).toBe(false);
          expect([texts[i], `'${texts[i]}`]).toContain(field);
        });
      }),
    );
  });
});

describe('.xlsx cells', () => {
  it('keeps text exactly, formula characters included; drops what XML cannot hold; cuts at the cell limit', () => {
    expect(sheetCell("=cmd|' /C calc'!A0")).toBe("=cmd|' /C calc'!A0");
    expect(sheetCell('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
    expect((sheetCell('x'.repeat(XLSX_MAX_CELL_CHARS + 10)) as string).length).toBe(XLSX_MAX_CELL_CHARS);
    const day = new Date(Date.UTC(2026, 10, 3));
    expect(sheetRow([1, 'a', null, undefined, day, false])).toEqual([1, 'a', null, null, day, false]);
  });
});

describe('file names from record text', () => {
  it('no separators, reserved characters, control characters or leading dots', () => {
    expect(safeFileName('修理厂月结单-=HYPERLINK("http://x/a","b")-2026-10.xlsx')).toBe('修理厂月结单-=HYPERLINK(_http___x_a_,_b_)-2026-10.xlsx');
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('a\u0000b\r\n.xlsx')).toBe('a_b__.xlsx');
    expect(safeFileName('...')).toBe('_');
  });
});
