// A record's history from the audit trail: who, in which role, when, and what changed.
import { Descriptions, Drawer, Empty, List, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../../shared/api/governance.ts';
import { call } from '../../lib/api.ts';

function changes(before: unknown, after: unknown): { key: string; from: string; to: string }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'id');
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => ({ key: k, from: show(b[k]), to: show(a[k]) }));
}

export function HistoryDrawer({ entity, record, title, onClose }: { entity: string; record: { id: number } | null; title: string; onClose(): void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AuditRow[]>([]);

  useEffect(() => {
    if (!record) return;
    call('audit.history', { entity, entityId: String(record.id) })
      .then((r) => setRows(r.items))
      .catch(() => setRows([]));
  }, [entity, record]);

  return (
    <Drawer open={record !== null} title={title} onClose={onClose} size="large">
      {rows.length === 0 ? (
        <Empty description={t('ui.master.noHistory')} />
      ) : (
        <List
          dataSource={rows}
          renderItem={(r) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Typography.Text strong>{r.at}</Typography.Text> <Tag>{t(`role.${r.role}`, { defaultValue: r.role })}</Tag>
                <Typography.Text>{r.username}</Typography.Text> <Tag color="blue">{r.action}</Tag>
                <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                  {changes(r.before, r.after).map((c) => (
                    <Descriptions.Item key={c.key} label={t(`field.${c.key}`, { defaultValue: c.key })}>
                      {r.before ? `${c.from} → ${c.to}` : c.to}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              </div>
            </List.Item>
          )}
        />
      )}
    </Drawer>
  );
}
