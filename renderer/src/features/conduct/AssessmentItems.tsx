// The catalogue of deduction items (考核项目): per subject, with their points; the fleet office
// adds and edits items, and retires them (never deleted) or brings them back.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Form, Input, InputNumber, Popconfirm, Radio, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { assessmentItemEntity } from '../../../../shared/api/conduct.ts';
import { ASSESSMENT_SUBJECTS, type AssessmentSubject } from '../../../../shared/domain/assessment.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { intOrRaw, showApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';

type Item = z.infer<typeof assessmentItemEntity>;

export function AssessmentItems() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const i = (k: string, o?: Record<string, unknown>) => t(`ui.conduct.items.${k}`, o ?? {});
  const [subject, setSubject] = useState<AssessmentSubject>('driver');
  const [showRetired, setShowRetired] = useState(false);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const loaded = useCall('assessment.items', { subject, includeRetired: showRetired });
  const mayEdit = canCall(user.roles, 'assessment.saveItem');
  const retire = async (item: Item, retired: boolean) => {
    try {
      await call('assessment.retireItem', { id: item.id, retired });
      void message.success(retired ? t('ui.common.retiredDone', { name: item.name }) : t('ui.common.reactivatedDone', { name: item.name }));
      await loaded.reload();
    } catch (err) {
      void message.error(showApiError(null, err, t));
    }
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<AssessmentSubject>
          value={subject}
          onChange={setSubject}
          options={ASSESSMENT_SUBJECTS.map((s) => ({ value: s, label: t(`assessmentSubject.${s}`) }))}
          data-testid="items-subject"
        />
        <Checkbox checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)}>
          {t('ui.common.showRetired')}
        </Checkbox>
        {mayEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {i('add')}
          </Button>
        )}
      </Space>
      {notLoaded(loaded) ?? (
        <Table<Item>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={loaded.data?.items ?? []}
          locale={{ emptyText: i('empty') }}
          data-testid="assessment-items"
          rowClassName={(r) => (r.retiredAt ? 'item-retired' : '')}
          columns={[
            {
              key: 'name',
              title: i('name'),
              render: (_: unknown, r: Item) => (
                <>
                  {r.name}
                  {r.retiredAt && (
                    <Tag style={{ marginLeft: 8 }} data-testid="item-retired">
                      {t('ui.common.retired')}
                    </Tag>
                  )}
                </>
              ),
            },
            { key: 'subject', title: t('field.subject'), width: 100, render: (_: unknown, r: Item) => t(`assessmentSubject.${r.subject}`) },
            { key: 'points', title: t('field.points'), width: 80, align: 'right' as const, render: (_: unknown, r: Item) => r.points },
            ...(mayEdit
              ? [
                  {
                    key: 'actions',
                    title: t('ui.common.actions'),
                    width: 160,
                    render: (_: unknown, r: Item) => (
                      <Space>
                        <Button size="small" onClick={() => setEditing(r)}>
                          {t('ui.common.edit')}
                        </Button>
                        <Popconfirm
                          title={r.retiredAt ? t('ui.common.confirmReactivate', { name: r.name }) : i('confirmRetire', { name: r.name })}
                          okText={r.retiredAt ? t('ui.common.reactivate') : t('ui.common.retire')}
                          cancelText={t('ui.common.cancel')}
                          onConfirm={() => retire(r, r.retiredAt === null)}
                        >
                          <Button size="small" danger={r.retiredAt === null}>
                            {r.retiredAt ? t('ui.common.reactivate') : t('ui.common.retire')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing !== null && (
        <ActionModal
          open
          title={editing === 'new' ? i('addTitle') : i('editTitle', { name: editing.name })}
          okText={t('ui.common.save')}
          method="assessment.saveItem"
          initialValues={editing === 'new' ? { subject } : { name: editing.name, subject: editing.subject, points: editing.points }}
          build={(v) => ({ ...(editing === 'new' ? {} : { id: editing.id }), name: v.name ?? '', subject: v.subject, points: intOrRaw(v.points) })}
          onClose={() => setEditing(null)}
          onDone={(r) => {
            setEditing(null);
            void message.success(i('saved', { name: r.name }));
            if (r.subject !== subject) setSubject(r.subject);
            else void loaded.reload();
          }}
        >
          <Form.Item name="name" label={i('name')} required>
            <Input maxLength={60} autoFocus />
          </Form.Item>
          <Form.Item name="subject" label={t('field.subject')} required>
            <Radio.Group options={ASSESSMENT_SUBJECTS.map((s) => ({ value: s, label: t(`assessmentSubject.${s}`) }))} />
          </Form.Item>
          <Form.Item name="points" label={t('field.points')} required>
            <InputNumber min={1} max={100} precision={0} style={{ width: 120 }} />
          </Form.Item>
        </ActionModal>
      )}
    </>
  );
}
