// Adjustments (结算调整): a locked month is never edited; a correction is entered against it and
// carried into the first later month not yet locked, where it appears on the person's slip.
// The month's tab lists what it carries and what corrects it; the fleet office enters one on a
// locked month.
import { Alert, App, Button, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { adjustmentEntity, Settlement } from '../../../../shared/api/settlement.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { fixedOrRaw } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { Money, yuan } from './parts.tsx';

type Adjustment = z.infer<typeof adjustmentEntity>;

export function AdjustmentsPanel({ data }: { data: Settlement }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const a = (k: string, o?: Record<string, unknown>) => t(`ui.settlement.adjust.${k}`, o ?? {});
  const loaded = useCall('settlement.adjustments', {});
  const [entering, setEntering] = useState(false);
  const mayAdjust = canCall(user.roles, 'settlement.adjust');
  const month = data.month;
  const items = (loaded.data?.items ?? []).filter((x) => x.targetMonth === month || x.correctsMonth === month);
  const monthLink = (m: string) => (m === month ? m : <Link to={`/settlement?month=${m}`}>{m}</Link>);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title={a('intro')}
        action={
          mayAdjust &&
          data.status === 'locked' && (
            <Button type="primary" onClick={() => setEntering(true)} data-testid="adjust-open">
              {a('enter')}
            </Button>
          )
        }
        description={mayAdjust && data.status !== 'locked' ? a('onlyLocked', { month }) : undefined}
      />
      {notLoaded(loaded) ?? (
        <Table<Adjustment>
          rowKey="id"
          size="small"
          dataSource={items}
          pagination={false}
          data-testid="settlement-adjustments"
          locale={{ emptyText: a('empty', { month }) }}
          columns={[
            { key: 'name', title: a('col.person'), render: (_, x) => x.name },
            { key: 'corrects', title: a('col.corrects'), width: 110, render: (_, x) => monthLink(x.correctsMonth) },
            { key: 'target', title: a('col.target'), width: 110, render: (_, x) => monthLink(x.targetMonth) },
            { key: 'amount', title: a('col.amount'), width: 120, align: 'right', render: (_, x) => <Money fen={x.amountFen} /> },
            { key: 'reason', title: a('col.reason'), render: (_, x) => x.reason },
            {
              key: 'by',
              title: a('col.by'),
              width: 260,
              render: (_, x) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a('byLine', { by: x.createdByName, role: t(`role.${x.createdRole}`), at: x.createdAt })}
                </Typography.Text>
              ),
            },
          ]}
        />
      )}
      {entering && (
        <AdjustModal
          data={data}
          onClose={() => setEntering(false)}
          onDone={() => {
            setEntering(false);
            void loaded.reload();
          }}
        />
      )}
    </Space>
  );
}

interface Person {
  value: string;
  label: string;
}

/** The people an adjustment may be for: every driver, and the director or deputy of a row of the month. */
function usePeople(data: Settlement): Person[] {
  const { t } = useTranslation();
  const [drivers, setDrivers] = useState<Person[]>([]);
  useEffect(() => {
    void call('drivers.list', { page: 1, pageSize: 200 })
      .then((r) => setDrivers(r.items.map((d) => ({ value: `d:${d.id}`, label: t('ui.common.withNo', { name: d.name, no: d.employeeNo }) }))))
      .catch(() => undefined);
  }, [t]);
  const officials = data.rows.filter((r) => r.userId !== null && r.driverId === null).map((r) => ({ value: `u:${r.userId}`, label: r.name }));
  return [...drivers, ...officials];
}

function AdjustModal({ data, onClose, onDone }: { data: Settlement; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const a = (k: string, o?: Record<string, unknown>) => t(`ui.settlement.adjust.${k}`, o ?? {});
  const people = usePeople(data);
  return (
    <ActionModal
      open
      title={a('title', { month: data.month })}
      okText={a('save')}
      method="settlement.adjust"
      build={(v) => {
        const person = typeof v.driverId === 'string' ? v.driverId : '';
        const id = Number(person.slice(2));
        return {
          correctsMonth: data.month,
          ...(person.startsWith('d:') ? { driverId: id } : person.startsWith('u:') ? { userId: id } : {}),
          amountFen: fixedOrRaw(v.amountFen, 2),
          reason: v.reason ?? '',
        };
      }}
      confirm={(input) => ({
        content: a('confirm', { name: people.find((p) => p.value === `${input.driverId !== undefined ? 'd' : 'u'}:${input.driverId ?? input.userId}`)?.label ?? '', amount: yuan(input.amountFen), month: input.correctsMonth }),
        okText: a('save'),
      })}
      onClose={onClose}
      onDone={(x) => {
        void message.success(a('done', { name: x.name, target: x.targetMonth }));
        onDone();
      }}
    >
      <p style={{ marginTop: 0 }} data-testid="adjust-hint">
        {a('hint', { month: data.month })}
      </p>
      <Form.Item name="driverId" label={a('person')} required>
        <Select showSearch optionFilterProp="label" options={people} placeholder={a('personPlaceholder')} />
      </Form.Item>
      <Form.Item name="amountFen" label={a('amount')} required extra={a('amountHint')}>
        <Input style={{ width: 220 }} suffix={t('ui.settlement.yuan')} inputMode="decimal" />
      </Form.Item>
      <Form.Item name="reason" label={a('reason')} required>
        <Input.TextArea rows={3} maxLength={200} showCount />
      </Form.Item>
    </ActionModal>
  );
}
