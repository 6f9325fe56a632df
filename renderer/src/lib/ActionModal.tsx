// The one dialog every workflow step uses: a form validated with the method's own schema
// before sending, the backend's refusal shown on the fields and above them, nothing lost on
// error, a field's message cleared once that field is changed, and an optional confirmation
// before an irreversible step.
import { Alert, App, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api, type Api, type Method, type MethodOutput } from '../../../shared/api/index.ts';
import { call } from './api.ts';
import { showApiError, showFieldErrors, validate } from './forms.ts';

export interface Confirmation {
  title?: string;
  content: ReactNode;
  /** a red button (dismissal, payment) */
  danger?: boolean;
  okText?: string;
}

export interface ActionModalProps<M extends Method> {
  open: boolean;
  title: string;
  method: M;
  okText?: string;
  okDanger?: boolean;
  width?: number;
  /** form values → the method's input (before validation) */
  build(values: Record<string, unknown>): unknown;
  /** checks the schema cannot make on the form's own fields (path → message), or null */
  check?(values: Record<string, unknown>): Record<string, string> | null;
  /** a question to confirm before sending the valid input, or null to send at once */
  confirm?(input: z.output<Api[M]['input']>): Confirmation | null;
  /** Enter in a field submits the dialog (off where Enter has a meaning of its own) */
  enterSubmits?: boolean;
  initialValues?: Record<string, unknown>;
  onClose(): void;
  onDone(result: MethodOutput<M>): void;
  children: ReactNode | ((form: FormInstance) => ReactNode);
}

export function ActionModal<M extends Method>(p: ActionModalProps<M>) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (input: unknown) => {
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

  const submit = () => {
    if (busy) return;
    setError(null);
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    const extra = p.check?.(values) ?? null;
    if (extra && Object.keys(extra).length > 0) {
      showFieldErrors(form, extra);
      return;
    }
    const input = validate(form, api[p.method].input as z.ZodType, p.build(values), t);
    if (input === null) return;
    const question = p.confirm?.(input as never) ?? null;
    if (question === null) {
      void send(input);
      return;
    }
    modal.confirm({
      title: question.title ?? t('ui.common.confirmTitle'),
      content: question.content,
      okText: question.okText ?? p.okText ?? p.title,
      okButtonProps: { danger: question.danger ?? p.okDanger },
      cancelText: t('ui.common.cancel'),
      width: 480,
      onOk: () => send(input),
    });
  };

  return (
    <Modal
      open={p.open}
      title={p.title}
      okText={p.okText ?? p.title}
      okButtonProps={{ danger: p.okDanger }}
      cancelText={t('ui.common.cancel')}
      confirmLoading={busy}
      onOk={submit}
      onCancel={p.onClose}
      destroyOnHidden
      afterClose={() => setError(null)}
      width={p.width ?? 560}
      maskClosable={false}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      <Form form={form} layout="vertical" initialValues={p.initialValues} onFinish={submit} onValuesChange={(changed) => clearErrors(form, changed)} preserve={false}>
        {typeof p.children === 'function' ? p.children(form) : p.children}
        {/* Enter in a field submits, as in any dialog. */}
        {p.enterSubmits !== false && <button type="submit" hidden aria-hidden tabIndex={-1} />}
      </Form>
    </Modal>
  );
}

/** The paths of the leaves of a form's changed values ({ lines: [, { name: 'x' }] } → ['lines', 1, 'name']). */
function changedPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    const out: (string | number)[][] = [];
    value.forEach((v, i) => out.push(...changedPaths(v, [...path, i])));
    return out;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([k, v]) => changedPaths(v, [...path, k]));
  }
  return [path];
}

/** A message shown on a field goes once the person changes that field. */
function clearErrors(form: FormInstance, changed: unknown) {
  const stale = changedPaths(changed).filter((name) => form.getFieldError(name).length > 0);
  if (stale.length) form.setFields(stale.map((name) => ({ name, errors: [] })));
}
