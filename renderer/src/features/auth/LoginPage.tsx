import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../../shared/api/accounts.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { HealthBanner } from '../backup/HealthBanner.tsx';
import { LangSwitch } from '../layout/LangSwitch.tsx';
import { CenteredPage } from './CenteredPage.tsx';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (token: string, user: User) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('auth.login', values);
      onLoggedIn(r.token, r.user);
    } catch (err) {
      setError(showApiError(null, err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <CenteredPage>
      <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 16, maxWidth: 640 }}>
      <HealthBanner />
      <Card title={t('ui.appName')} extra={<LangSwitch />} style={{ width: 380 }}>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
          <Form.Item name="username" label={t('field.username')} rules={[{ required: true, message: t('err.required') }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('field.password')} rules={[{ required: true, message: t('err.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('ui.login.submit')}
          </Button>
        </Form>
      </Card>
      </div>
    </CenteredPage>
  );
}
