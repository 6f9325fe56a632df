// User administration: people, their roles and linked driver; deactivate, never delete.
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resetPasswordInput, userCreate, userUpdate, type User } from '../../../../shared/api/accounts.ts';
import type { Driver } from '../../../../shared/api/masterdata.ts';
import { ROLES } from '../../../../shared/domain/roles.ts';
import { call } from '../../lib/api.ts';
import { HistoryDrawer } from '../masterdata/HistoryDrawer.tsx';
import { showApiError, validate } from '../../lib/forms.ts';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [users, setUsers] = useState<User[]>([]);
  const [drivers, setDrivers] = useState<Driver[]>([]);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [historyOf, setHistoryOf] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const load = useCallback(async () => {
    setUsers((await call('users.list', { includeInactive })).items);
  }, [includeInactive]);

  useEffect(() => {
    void load();
    call('drivers.list', { page: 1, pageSize: 200 })
      .then((r) => setDrivers(r.items))
      .catch(() => setDrivers([]));
  }, [load]);

  const open = (d: Dialog) => {
    setError(null);
    form.resetFields();
    if (d?.kind === 'edit') form.setFieldsValue({ displayName: d.user.displayName, roles: d.user.roles, driverId: d.user.driverId });
    setDialog(d);
  };

  const submit = async () => {
    if (!dialog) return;
    const v = form.getFieldsValue(true);
    try {
      if (dialog.kind === 'create') {
        const input = validate(form, userCreate, { ...v, roles: v.roles ?? [], driverId: v.driverId ?? null }, t);
        if (!input) return;
        await call('users.create', input);
      } else if (dialog.kind === 'edit') {
        const input = validate(form, userUpdate, { ...v, id: dialog.user.id, roles: v.roles ?? [], driverId: v.driverId ?? null }, t);
        if (!input) return;
        await call('users.update', input);
      } else {
        const input = validate(form, resetPasswordInput, { id: dialog.user.id, newPassword: v.newPassword }, t);
        if (!input) return;
        await call('users.resetPassword', input);
      }
      void message.success(t(dialog.kind === 'password' ? 'ui.users.passwordReset' : 'ui.common.saved'));
      setDialog(null);
      void load();
    } catch (err) {
      setError(showApiError(form, err, t));
    }
  };

  const setActive = async (u: User, active: boolean) => {
    try {
      await call(active ? 'users.reactivate' : 'users.deactivate', { id: u.id });
      void load();
    } catch (err) {
      void message.error(showApiError(null, err, t));
    }
  };

  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  const title = dialog?.kind === 'create' ? t('ui.users.add') : dialog?.kind === 'password' ? t('ui.common.labelled', { label: t('ui.users.resetPassword'), value: dialog.user.displayName }) : dialog ? t('ui.common.labelled', { label: t('ui.common.edit'), value: dialog.user.username }) : '';

  return (
    <Card
      title={t('ui.layout.users')}
      extra={
        <Space>
          <Switch size="small" aria-label={t('ui.users.showInactive')} checked={includeInactive} onChange={setIncludeInactive} />
          <Typography.Text>{t('ui.users.showInactive')}</Typography.Text>
          <Button type="primary" onClick={() => open({ kind: 'create' })}>
            {t('ui.users.add')}
          </Button>
        </Space>
      }
    >
      <Table<User>
        rowKey="id"
        dataSource={users}
        pagination={false}
        columns={[
          { key: 'username', title: t('field.username'), dataIndex: 'username' },
          { key: 'displayName', title: t('field.displayName'), dataIndex: 'displayName' },
          { key: 'roles', title: t('field.roles'), render: (_, u) => u.roles.map((r) => <Tag key={r}>{t(`role.${r}`)}</Tag>) },
          { key: 'driver', title: t('field.driverId'), render: (_, u) => u.driverName ?? '' },
          { key: 'active', title: t('ui.users.active'), render: (_, u) => (u.active ? <Tag color="green">{t('ui.users.activeYes')}</Tag> : <Tag>{t('ui.users.activeNo')}</Tag>) },
          {
            key: 'actions',
            title: t('ui.common.actions'),
            render: (_, u) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => open({ kind: 'edit', user: u })}>
                  {t('ui.common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => open({ kind: 'password', user: u })}>
                  {t('ui.users.resetPassword')}
                </Button>
                <Button type="link" size="small" onClick={() => setHistoryOf(u)}>
                  {t('ui.common.history')}
                </Button>
                {u.active ? (
                  <Popconfirm title={t('ui.users.confirmDeactivate', { name: u.displayName })} onConfirm={() => setActive(u, false)} okText={t('ui.users.deactivate')} cancelText={t('ui.common.cancel')}>
                    <Button type="link" size="small" danger>
                      {t('ui.users.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => void setActive(u, true)}>
                    {t('ui.users.reactivate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={dialog !== null} title={title} onCancel={() => setDialog(null)} onOk={() => form.submit()} okText={t('ui.common.save')} cancelText={t('ui.common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
          {dialog?.kind === 'create' && (
            <Form.Item name="username" label={t('field.username')}>
              <Input autoFocus />
            </Form.Item>
          )}
          {dialog?.kind !== 'password' && (
            <>
              <Form.Item name="displayName" label={t('field.displayName')}>
                <Input autoFocus={dialog?.kind === 'edit'} />
              </Form.Item>
              {dialog?.kind === 'create' && (
                <Form.Item name="password" label={t('ui.users.initialPassword')}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              )}
              <Form.Item name="roles" label={t('field.roles')}>
                <Select mode="multiple" options={roleOptions} />
              </Form.Item>
              <Form.Item name="driverId" label={t('field.driverId')}>
                <Select allowClear showSearch optionFilterProp="label" options={drivers.map((d) => ({ value: d.id, label: t('ui.common.withNo', { name: d.name, no: d.employeeNo }) }))} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'password' && (
            <Form.Item name="newPassword" label={t('field.newPassword')}>
              <Input.Password autoFocus autoComplete="new-password" />
            </Form.Item>
          )}
          <button type="submit" hidden />
        </Form>
      </Modal>
      <HistoryDrawer entity="users" record={historyOf} title={historyOf ? t('ui.master.historyTitle', { entity: t('entity.users'), name: historyOf.username }) : ''} onClose={() => setHistoryOf(null)} />
    </Card>
  );
}
