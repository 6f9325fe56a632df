// Pieces shared by the violation and assessment screens: money as people read it (formatted
// from the backend's integer fen, never computed here), the consequence tag, the months, and
// the people a violation can be recorded against.
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Consequence, OffenderRole } from '../../../../shared/domain/violation.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { call } from '../../lib/api.ts';

export const MONTH = 'YYYY-MM';
export const DAY = 'YYYY-MM-DD';

/** Fen → '1,234.56'. */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatFen(fen));

/** The month before this one, 'YYYY-MM' (the month the assessment is usually done for). */
export const lastMonthText = () => dayjs().startOf('month').subtract(1, 'month').format(MONTH);

export const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

/** Removal from post or dismissal: always red, it goes to the director. */
export function ConsequenceTag({ consequence }: { consequence: Consequence | null }) {
  const { t } = useTranslation();
  if (!consequence) return null;
  return (
    <Tag color="red" data-testid={`consequence-${consequence}`}>
      {t(`consequence.${consequence}`)}
    </Tag>
  );
}

export interface PersonChoice {
  value: number;
  label: string;
}

/**
 * The people who may be named as the director or deputy of a violation. No method the safety
 * keepers may call lists users by post (users.list is the administrator's), so the choice is
 * the logged-in user when they hold the post, and the people already fined in that post.
 */
export function usePostHolders(open: boolean): Record<Exclude<OffenderRole, 'driver'>, PersonChoice[]> {
  const [holders, setHolders] = useState<Record<Exclude<OffenderRole, 'driver'>, PersonChoice[]>>({ director: [], deputy_director: [] });
  useEffect(() => {
    if (!open) return;
    const choices = (list: { id: number; displayName: string }[]) => list.map((u) => ({ value: u.id, label: u.displayName }));
    void call('violations.postHolders', {})
      .then((r) => setHolders({ director: choices(r.director), deputy_director: choices(r.deputy_director) }))
      .catch(() => undefined);
  }, [open]);
  return holders;
}
