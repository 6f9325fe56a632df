// First run: create the administrator, then start empty or load the demo depot.
import { Alert, Button, Card, Form, Input, Space, Spin, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createAdminInput, type User } from '../../../../shared/api/accounts.ts';
import { call, setToken } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';
import { ConfirmPasswordItem } from '../auth/ConfirmPasswordItem.tsx';
import { CenteredPage } from '../auth/CenteredPage.tsx';
import { LangSwitch } from '../layout/LangSwitch.tsx';

interface Values {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

export function SetupWizard({ onDone }: { onDone: (token: string, user: User) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [session, setSession] = useState<{ token: string; user: User } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const createAdmin = async (values: Values) => {
    const input = validate(form, createAdminInput, { username: values.username, displayName: values.displayName, password: values.password }, t);
    if (!input) return;
    setBusy(true);
    setError(null);
    try {
      setSession(await call('setup.createAdmin', input));
    } catch (err) {
      setError(showApiError(form, err, t));
    } finally {
      setBusy(false);
    }
  };

  const finish = async (demo: boolean) => {
    if (!session) return;
    if (demo) {
      setBusy(true);
      try {
        setToken(session.token);
        await call('setup.loadDemo', {});
      } catch (err) {
        setError(showApiError(null, err, t));
        setBusy(false);
        return;
      }
    }
    onDone(session.token, session.user);
  };

  return (
    <CenteredPage>
      <Card title={t('ui.appName')} extra={<LangSwitch />} style={{ width: 520 }}>
        <Steps size="small" current={session ? 1 : 0} items={[{ title: t('ui.setup.title') }, { title: t('ui.setup.dataTitle') }]} style={{ marginBottom: 24 }} />
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        {!session ? (
          <Form form={form} layout="vertical" onFinish={createAdmin} requiredMark={false}>
            <Typography.Paragraph type="secondary">{t('ui.setup.intro')}</Typography.Paragraph>
            <Form.Item name="username" label={t('field.username')}>
              <Input autoFocus autoComplete="username" />
            </Form.Item>
            <Form.Item name="displayName" label={t('field.displayName')}>
              <Input />
            </Form.Item>
            <Form.Item name="password" label={t('field.password')}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <ConfirmPasswordItem of="password" label={t('ui.setup.confirmPassword')} />
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('ui.setup.create')}
            </Button>
          </Form>
        ) : (
          <Spin spinning={busy} tip={t('ui.setup.loadingDemo')}>
            <Typography.Paragraph>{t('ui.setup.dataIntro')}</Typography.Paragraph>
            <Space>
              <Button onClick={() => void finish(false)} disabled={busy}>
                {t('ui.setup.startEmpty')}
              </Button>
              <Button type="primary" onClick={() => void finish(true)} disabled={busy} autoFocus>
                {t('ui.setup.loadDemo')}
              </Button>
            </Space>
          </Spin>
        )}
      </Card>
    </CenteredPage>
  );
}
