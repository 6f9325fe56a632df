// One dialog for every dispatch action: a form, validated with the API's own schema before
// sending, the backend's refusal shown on the fields and above them, nothing lost on error.
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, type Method, type MethodOutput } from '../../../../shared/api/index.ts';
import { call } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';

export interface ActionModalProps<M extends Method> {
  open: boolean;
  title: string;
  method: M;
  okText?: string;
  /** form values → the method's input (before validation) */
  build(values: Record<string, unknown>): unknown;
  initialValues?: Record<string, unknown>;
  onClose(): void;
  onDone(result: MethodOutput<M>): void;
  children: ReactNode | ((form: FormInstance) => ReactNode);
}

export function ActionModal<M extends Method>(p: ActionModalProps<M>) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    const input = validate(form, api[p.method].input as z.ZodType, p.build(form.getFieldsValue(true) as Record<string, unknown>), t);
    if (input === null) return;
    setBusy(true);
    try {
      const result = await call(p.method, input as never);
      p.onDone(result);
    } catch (err) {
      setError(showApiError(form, err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={p.okText ?? p.title}
      cancelText={t('ui.common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={p.onClose}
      destroyOnHidden
      afterClose={() => setError(null)}
      width={560}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      <Form form={form} layout="vertical" initialValues={p.initialValues} onFinish={() => void submit()} preserve={false}>
        {typeof p.children === 'function' ? p.children(form) : p.children}
        {/* Enter in a field submits, as in any dialog. */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
