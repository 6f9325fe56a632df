// Pieces shared by the repair order screens: the dialog every step uses (validated with the
// method's own schema, the backend's refusal on the fields and above them, an optional
// confirmation before an irreversible step, nothing lost on error), the status and marker
// tags, money and quantity texts, and the choices (shops, catalogue parts).
import { Alert, App, Form, Modal, Tag, type FormInstance } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, type Api, type Method, type MethodOutput } from '../../../../shared/api/index.ts';
import type { Part, RepairShop } from '../../../../shared/api/masterdata.ts';
import type { RepairOrder } from '../../../../shared/api/repairs.ts';
import { formatFen, formatFixed, parseFixed, parseYuan } from '../../../../shared/domain/money.ts';
import type { RepairStatus } from '../../../../shared/domain/repairs.ts';
import { call } from '../../lib/api.ts';
import { showApiError, showFieldErrors, validate } from '../../lib/forms.ts';

const STATUS_COLORS: Record<RepairStatus, string> = {
  draft: 'default',
  reported: 'gold',
  approved: 'blue',
  rejected: 'red',
  at_shop: 'orange',
  work_entered: 'cyan',
  driver_signed: 'geekblue',
  parts_verified: 'purple',
  settled: 'blue',
  reviewed: 'lime',
  approved_for_payment: 'gold',
  paid: 'green',
};

export function RepairStatusTag({ status }: { status: RepairStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="repair-status">
      {t(`repairStatus.${status}`)}
    </Tag>
  );
}

/** Approved by phone first, the form filed after the fact; and the engine seizure from neglect. */
export function MarkerTags({ order }: { order: Pick<RepairOrder, 'urgent' | 'seizureCause'> }) {
  const { t } = useTranslation();
  return (
    <>
      {order.urgent && (
        <Tag color="orange" data-testid="urgent-tag">
          {t('ui.repairs.urgentTag')}
        </Tag>
      )}
      {order.seizureCause && (
        <Tag color="red" data-testid="seizure-tag">
          {t('ui.repairs.seizureTag')}
        </Tag>
      )}
    </>
  );
}

/** "补办（电话批准：郑主任 2026-11-23 08:10）" */
export function urgentText(order: Pick<RepairOrder, 'phoneApprovedByName' | 'phoneApprovedAt'>, t: (k: string, o?: Record<string, unknown>) => string): string {
  return t('ui.repairs.urgentNote', { name: order.phoneApprovedByName ?? '', at: order.phoneApprovedAt ?? '' });
}

/** Integer fen → '1,234.56' (yuan). */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatFen(fen));

/** Hundredths of the unit → '2.50'. */
export const qty = (hundredths: number) => formatFixed(hundredths, 2);

/**
 * Decimal text → integer of that scale. A number with too many decimals becomes a fraction,
 * so the schema says "at most two decimals"; other text passes on for the schema to refuse.
 */
export function scaledOrRaw(v: unknown, scale: number): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  const s = String(v);
  const n = parseFixed(s, scale);
  if (n !== null) return n;
  const finer = parseFixed(s, scale + 6);
  return finer !== null ? finer / 1_000_000 : s;
}

/** Yuan text → fen with parseYuan; more decimals or other text go on for the schema to refuse. */
export function fenOrRaw(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return undefined;
  return parseYuan(String(v)) ?? scaledOrRaw(v, 2);
}

export const searchFilter = (input: string, o?: { search?: string }) => (o?.search ?? '').toLowerCase().includes(input.toLowerCase());

/** The designated shops (a handful). */
export function useShops() {
  const [shops, setShops] = useState<RepairShop[]>([]);
  useEffect(() => {
    void call('shops.list', { page: 1, pageSize: 200 })
      .then((r) => setShops(r.items))
      .catch(() => undefined);
  }, []);
  return shops;
}

/** The parts catalogue (a few dozen to a few hundred parts). */
export function useParts(enabled: boolean) {
  const [parts, setParts] = useState<Part[]>([]);
  useEffect(() => {
    if (!enabled) return;
    void call('parts.list', { page: 1, pageSize: 200 })
      .then((r) => setParts(r.items))
      .catch(() => undefined);
  }, [enabled]);
  return parts;
}

/** The price threshold (basis points) of the policy in force in the order's month. */
export function useThresholdBp(month: string, enabled: boolean) {
  const [bp, setBp] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    void call('policy.get', { month })
      .then((p) => setBp(p.version.settings.maintenance.priceDeviationBp))
      .catch(() => setBp(null));
  }, [month, enabled]);
  return bp;
}
