// A record's history from the audit trail: who, in which role, when, and what changed.
import { Drawer, Empty, Spin, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../../shared/api/governance.ts';
import type { MasterArea } from '../../../../shared/api/masterdata.ts';
import { formatFixed } from '../../../../shared/domain/money.ts';
import { call } from '../../lib/api.ts';
import { AREA_UI } from './areas.tsx';

type Values = Record<string, unknown>;
/** Derived or internal values that are not something a person changed. */
const HIDDEN = new Set(['id', 'permitDaysLeft', 'modelId']);
const ACTION_COLORS: Record<string, string> = { create: 'green', createAdmin: 'green', update: 'blue', retire: 'red', deactivate: 'red', reactivate: 'cyan' };

/** The form field of a master-data area (other records, such as users, have none). */
function fieldOf(area: string, key: string) {
  return (AREA_UI as Partial<Record<string, (typeof AREA_UI)[MasterArea]>>)[area]?.fields.find((f) => f.name === key);
}

/** A stored value as a person reads it: decimals for hundredths, yes/no, seasons compactly. */
function show(area: string, key: string, v: unknown, t: TFunction): string {
  if (v === null || v === undefined || v === '') return '—';
  const kind = fieldOf(area, key)?.kind;
  if (key === 'roles' && Array.isArray(v)) return v.map((r) => t(`role.${String(r)}`)).join(t('ui.common.sepList', { defaultValue: '、' }));
  if (kind === 'decimal' && typeof v === 'number') return formatFixed(v, 2);
  if (typeof v === 'boolean') return t(v ? 'ui.common.yes' : 'ui.common.no');
  if (key === 'status') return t(`vehicleStatus.${String(v)}`);
  if (key === 'permitState') return t(`permitState.${String(v)}`);
  if (kind === 'seasons' && Array.isArray(v)) {
    const seasons = v as { fromMonth: number; toMonth: number; float: number }[];
    return seasons.length ? seasons.map((s) => t('ui.master.seasonal', { from: s.fromMonth, to: s.toMonth, float: formatFixed(s.float, 2) })).join(t('ui.common.sepLong')) : '—';
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function changes(area: string, before: unknown, after: unknown, t: TFunction): { key: string; from: string; to: string }[] {
  const b = (before ?? {}) as Values;
  const a = (after ?? {}) as Values;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HIDDEN.has(k));
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    // a new record: list only what was filled in
    .filter((k) => before !== null || (a[k] !== null && a[k] !== undefined && a[k] !== ''))
    .map((k) => ({ key: k, from: show(area, k, b[k], t), to: show(area, k, a[k], t) }));
}

function Entry({ area, row }: { area: string; row: AuditRow }) {
  const { t } = useTranslation();
  const verb = row.action.split('.').pop() ?? row.action;
  return (
    <div>
      <Typography.Text strong>{row.at}</Typography.Text> <Typography.Text>{row.username}</Typography.Text> <Tag>{t(`role.${row.role}`, { defaultValue: row.role })}</Tag>
      <Tag color={ACTION_COLORS[verb] ?? 'default'}>{t(`ui.master.action.${verb}`, { defaultValue: verb })}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {row.action}
      </Typography.Text>
      <div style={{ marginTop: 6 }}>
        {changes(area, row.before, row.after, t).map((c) => (
          <div key={c.key} style={{ fontSize: 13 }}>
            <Typography.Text type="secondary">{t('ui.common.labelled', { label: t(fieldOf(area, c.key)?.label ?? `field.${c.key}`, { defaultValue: c.key }), value: '' })}</Typography.Text>
            {row.before ? (
              <>
                <Typography.Text delete type="secondary">
                  {c.from}
                </Typography.Text>
                {' → '}
                <Typography.Text>{c.to}</Typography.Text>
              </>
            ) : (
              <Typography.Text>{c.to}</Typography.Text>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}

export function HistoryDrawer({ entity, record, title, onClose }: { entity: string; record: { id: number } | null; title: string; onClose(): void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AuditRow[] | null>(null);

  useEffect(() => {
    if (!record) return;
    setRows(null);
    call('audit.history', { entity, entityId: String(record.id) })
      .then((r) => setRows(r.items))
      .catch(() => setRows([]));
  }, [entity, record]);

  return (
    <Drawer open={record !== null} title={title} onClose={onClose} size="large">
      {rows === null ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty description={t('ui.master.noHistory')} />
      ) : (
        <Timeline
          items={rows.map((r) => {
            const verb = r.action.split('.').pop() ?? '';
            return { key: r.id, color: ACTION_COLORS[verb] ?? 'gray', content: <Entry area={entity} row={r} /> };
          })}
        />
      )}
    </Drawer>
  );
}
