// Pieces shared by the accident screens: the status and flag tags, money texts, reading a file
// as base64 for the backend and saving one it sends back, and the search of the pickers.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccidentFlag, AccidentStatus, Finding } from '../../../../shared/domain/accident.ts';
import { formatFen } from '../../../../shared/domain/money.ts';

export function AccidentStatusTag({ status }: { status: AccidentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'open' ? 'orange' : 'green'} data-testid="accident-status">
      {t(`accidentStatus.${status}`)}
    </Tag>
  );
}

const FINDING_COLORS: Record<Finding, string> = { pending: 'default', full: 'red', main: 'volcano', equal: 'orange', secondary: 'gold', none: 'green' };

export function FindingTag({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  return <Tag color={FINDING_COLORS[finding]}>{t(`finding.${finding}`)}</Tag>;
}

/** What the director is told, short (the detail page shows the full texts). */
export function FlagTags({ flags }: { flags: readonly AccidentFlag[] }) {
  const { t } = useTranslation();
  return (
    <>
      {flags.map((f) => (
        <Tag key={f} color="red" data-testid={`accident-flag-${f}`}>
          {t(`ui.accidents.flagShort.${f}`)}
        </Tag>
      ))}
    </>
  );
}

/** Integer fen → '1,234.56'; null → '—'. */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : formatFen(fen));

/** A file's size as a person reads it. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file's content as base64, as the backend takes it. */
export function readBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error ?? new Error('read'));
    reader.readAsDataURL(blob);
  });
}


/** A Select's search: the option's `search` text holds what was typed, in any case. */
export const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());
