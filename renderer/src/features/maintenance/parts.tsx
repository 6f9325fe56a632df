// Pieces shared by the maintenance screens: a dialog that validates with the method's schema
// and can ask for a confirmation before an irreversible step, the status tags, money and
// quantity conversions, and the shop choices.
import { Alert, App, Form, Modal, Tag, Typography, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, type Api, type Method, type MethodOutput } from '../../../../shared/api/index.ts';
import type { RepairShop } from '../../../../shared/api/masterdata.ts';
import type { BearsReason, PurchaseStatus, RoutineState } from '../../../../shared/domain/maintenance.ts';
import { formatFen } from '../../../../shared/domain/money.ts';
import { call } from '../../lib/api.ts';
import { zodFields } from '../../../../shared/api/validation.ts';
import { showApiError, showFieldErrors } from '../../lib/forms.ts';

export const DATE_FORMAT = 'YYYY-MM-DD';

const PURCHASE_COLORS: Record<PurchaseStatus, string> = {
  requested: 'gold',
  confirmed: 'orange',
  approved: 'blue',
  rejected: 'default',
  reimbursable: 'green',
  driver_bears: 'red',
};

export function PurchaseStatusTag({ status }: { status: PurchaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={PURCHASE_COLORS[status]} data-testid="purchase-status">
      {t(`ui.maintenance.purchase.status.${status}`)}
    </Tag>
  );
}

/** "不予报销：驾驶员自行承担（原因：…）", in red. */
export function BearsText({ reason }: { reason: BearsReason }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="danger" data-testid="bears-reason">
      {t('ui.maintenance.purchase.bears', { reason: t(`ui.maintenance.purchase.bearsReason.${reason}`) })}
    </Typography.Text>
  );
}

const ROUTINE_COLORS: Record<RoutineState, string> = { ok: 'green', due: 'orange', overdue: 'red' };

export function RoutineStateTag({ state }: { state: RoutineState }) {
  const { t } = useTranslation();
  return (
    <Tag color={ROUTINE_COLORS[state]} data-testid={`routine-${state}`}>
      {t(`ui.maintenance.routineDue.state.${state}`)}
    </Tag>
  );
}

/** Integer fen → '1,234.56' (no float arithmetic anywhere). */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatFen(fen));

/** The designated shops (a handful), active ones first. */
export function useShops(includeRetired = false) {
  const [shops, setShops] = useState<RepairShop[]>([]);
  useEffect(() => {
    void call('shops.list', { page: 1, pageSize: 200, includeRetired })
      .then((r) => setShops(r.items))
      .catch(() => undefined);
  }, [includeRetired]);
  return shops;
}

export const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());
