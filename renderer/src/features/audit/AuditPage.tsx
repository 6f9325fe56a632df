import { Alert, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';

export function AuditPage() {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    try {
      const r = await call('audit.verify', {});
      setResult(r.ok ? { type: 'success', text: t('ui.audit.ok', { rows: r.rows }) } : { type: 'error', text: t('ui.audit.broken', { id: r.firstBadId, rows: r.rows }) });
    } catch (err) {
      setResult({ type: 'error', text: showApiError(null, err, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('ui.audit.title')}>
      <Typography.Paragraph type="secondary">{t('ui.audit.intro')}</Typography.Paragraph>
      <Button type="primary" onClick={() => void verify()} loading={busy}>
        {t('ui.audit.verify')}
      </Button>
      {result && <Alert style={{ marginTop: 16 }} type={result.type} title={result.text} showIcon />}
    </Card>
  );
}
