// System → Backups: the start-up checks, the folder and generations (administrator), "back up
// now", the backups in the folder, and restoring one (administrator), after a confirmation that
// says the current database is kept. After a restore the backend has restarted on the restored
// file and every session has ended, so the app reloads to the login page. When the start-up
// check found the newest audit records missing, the administrator may accept the database as it is.
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { backupConfigureInput, type backupEntity } from '../../../../shared/api/backup.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { HEALTH_CHANGED, HealthLines } from './HealthBanner.tsx';

type Backup = z.infer<typeof backupEntity>;

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export function BackupPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { user } = useSession();
  const status = useCall('backup.status', {});
  const [form] = Form.useForm<{ folder: string; generations: number }>();
  const [restoreForm] = Form.useForm<{ file: string }>();
  const [busy, setBusy] = useState<'backup' | 'save' | 'restore' | 'accept' | null>(null);
  const isAdmin = canCall(user.roles, 'backup.configure');
  const waiting = notLoaded(status);
  if (waiting || !status.data) return waiting;
  const s = status.data;

  const backupNow = async () => {
    setBusy('backup');
    try {
      const made = await call('backup.run', {});
      void message.success(t('ui.backup.backedUp', { name: made.name }));
      await status.reload();
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setBusy(null);
    }
  };

  const save = async (values: { folder?: string; generations: number }) => {
    const input = validate(form, backupConfigureInput, { folder: values.folder?.trim() ? values.folder.trim() : null, generations: values.generations }, t);
    if (!input) return;
    setBusy('save');
    try {
      await call('backup.configure', input);
      void message.success(t('ui.backup.saved'));
      await status.reload();
    } catch (err) {
      showApiError(form, err, t);
    } finally {
      setBusy(null);
    }
  };

  const restore = (file: string, at: string | null) => {
    modal.confirm({
      title: t('ui.backup.restoreTitle', { at: at ?? file }),
      content: t('ui.backup.restoreBody'),
      okText: t('ui.backup.restoreOk'),
      okButtonProps: { danger: true },
      onOk: async () => {
        setBusy('restore');
        try {
          const r = await call('backup.restore', { file });
          void message.success(t('ui.backup.restored_done', { rows: r.auditRows }), 2);
          // the sessions ended with the restart: back to the login page
          setTimeout(() => window.location.reload(), 1500);
        } catch (err) {
          const text = showApiError(restoreForm, err, t);
          void message.error(text);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  // The start-up check found the newest audit records missing: after checking (a restore may be
  // the better answer), the administrator accepts the database as it is and the alarm ends.
  const acceptTail = () => {
    modal.confirm({
      title: t('ui.backup.acceptTailTitle'),
      content: t('ui.backup.acceptTailBody', { id: s.health.auditTail.lastSeenRow }),
      okText: t('ui.backup.acceptTailOk'),
      okButtonProps: { danger: true },
      onOk: async () => {
        setBusy('accept');
        try {
          await call('backup.acceptTail', {});
          void message.success(t('ui.backup.acceptTailDone'));
          window.dispatchEvent(new Event(HEALTH_CHANGED));
          await status.reload();
        } catch (err) {
          void message.error(showApiError(null, err, t));
        } finally {
          setBusy(null);
        }
      },
    });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="backup-page">
      <Card title={t('ui.backup.title')}>
        <Typography.Paragraph type="secondary">{t('ui.backup.intro')}</Typography.Paragraph>
        <Typography.Title level={5}>{t('ui.backup.health')}</Typography.Title>
        <HealthLines health={s.health} />
        {!s.health.auditTail.ok && isAdmin && (
          <Button danger style={{ marginTop: 12 }} loading={busy === 'accept'} onClick={acceptTail} data-testid="accept-tail">
            {t('ui.backup.acceptTail')}
          </Button>
        )}
        {s.lastError && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            data-testid="backup-last-error"
            title={t('ui.backup.lastError', { at: s.lastError.at, kind: t(`backupKind.${s.lastError.kind}`), message: s.lastError.message })}
          />
        )}
      </Card>

      <Card title={t('ui.backup.settings')}>
        <Form
          form={form}
          layout="vertical"
          style={{ maxWidth: 640 }}
          initialValues={{ folder: s.folder === s.defaultFolder ? '' : s.folder, generations: s.generations }}
          onFinish={(v) => void save(v)}
          // a refusal shown on a field goes once the field is changed
          onValuesChange={(changed: object) => form.setFields(Object.keys(changed).map((name) => ({ name: name as 'folder' | 'generations', errors: [] })))}
          disabled={!isAdmin}
        >
          <Form.Item name="folder" label={t('ui.backup.folder')} extra={t('ui.backup.folderHelp', { folder: s.defaultFolder })}>
            <Input placeholder={s.defaultFolder} data-testid="backup-folder" />
          </Form.Item>
          <Form.Item name="generations" label={t('ui.backup.generations')}>
            <InputNumber min={1} max={1000} precision={0} data-testid="backup-generations" />
          </Form.Item>
          {isAdmin && (
            <Button htmlType="submit" loading={busy === 'save'}>
              {t('ui.backup.save')}
            </Button>
          )}
        </Form>
        <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('ui.backup.folder')}>
            <Typography.Text code data-testid="backup-current-folder">
              {s.folder}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        title={t('ui.backup.list', { count: s.backups.length })}
        extra={
          <Button type="primary" onClick={() => void backupNow()} loading={busy === 'backup'} data-testid="backup-now">
            {t('ui.backup.backupNow')}
          </Button>
        }
      >
        <Table<Backup>
          rowKey="name"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          dataSource={s.backups}
          locale={{ emptyText: t('ui.backup.empty') }}
          data-testid="backup-table"
          columns={[
            { key: 'at', title: t('ui.backup.col.at'), dataIndex: 'at', width: 180 },
            { key: 'kind', title: t('ui.backup.col.kind'), render: (_: unknown, b) => <Tag>{t(`backupKind.${b.kind}`)}</Tag>, width: 140 },
            { key: 'size', title: t('ui.backup.col.size'), render: (_: unknown, b) => size(b.sizeBytes), align: 'right', width: 100 },
            { key: 'name', title: t('ui.backup.col.name'), dataIndex: 'name', render: (name: string) => <Typography.Text copyable={{ text: name }}>{name}</Typography.Text> },
            ...(isAdmin
              ? [
                  {
                    key: 'restore',
                    title: '',
                    width: 90,
                    render: (_: unknown, b: Backup) => (
                      <Button size="small" danger onClick={() => restore(b.file, b.at)} disabled={busy !== null}>
                        {t('ui.backup.restore')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {isAdmin && (
          <Form form={restoreForm} layout="vertical" style={{ maxWidth: 640, marginTop: 16 }} onFinish={(v) => restore(v.file.trim(), null)}>
            <Form.Item name="file" label={t('ui.backup.restoreOther')} extra={t('ui.backup.restoreOtherHelp')} rules={[{ required: true, message: t('err.required') }]}>
              <Input data-testid="restore-file" />
            </Form.Item>
            <Button htmlType="submit" danger loading={busy === 'restore'}>
              {t('ui.backup.restore')}
            </Button>
          </Form>
        )}
      </Card>
    </Space>
  );
}
