// The add/edit modal of a master-data area: validates with the shared schema, sends, and on a
// refusal keeps every typed value and shows the messages next to the fields.
import { Alert, App, Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Method } from '../../../../shared/api/index.ts';
import { masterSchemas, type MasterArea } from '../../../../shared/api/masterdata.ts';
import { call } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';
import { AREA_UI } from './areas.tsx';
import { toApi, toForm } from './convert.ts';
import { FieldInput } from './FieldInput.tsx';

export interface MasterFormProps {
  area: MasterArea;
  /** the record being edited, or null to add one */
  editing: Record<string, unknown> | null;
  open: boolean;
  onClose(saved: boolean): void;
}

export function MasterForm({ area, editing, open, onClose }: MasterFormProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ui = AREA_UI[area];

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (editing) form.setFieldsValue(toForm(ui.fields, editing));
  }, [open, editing, form, ui]);

  const submit = async () => {
    setError(null);
    const values = toApi(ui.fields, form.getFieldsValue(true));
    const schema = editing ? masterSchemas[area].update : masterSchemas[area].create;
    const input = validate(form, schema, editing ? { ...values, id: editing.id } : values, t);
    if (!input) return;
    setBusy(true);
    try {
      await call(`${area}.${editing ? 'update' : 'create'}` as Method, input as never);
      void message.success(t('ui.common.saved'));
      onClose(true);
    } catch (err) {
      setError(showApiError(form, err, t));
    } finally {
      setBusy(false);
    }
  };

  const entity = t(`entity.${area}`);
  return (
    <Modal
      open={open}
      title={t(editing ? 'ui.master.editTitle' : 'ui.master.addTitle', { entity })}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okText={t('ui.common.save')}
      cancelText={t('ui.common.cancel')}
      confirmLoading={busy}
      width={area === 'models' ? 640 : 560}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        {ui.fields.map((f, i) => (
          <FieldInput key={f.name} field={f} autoFocus={i === 0} />
        ))}
        {/* Enter in any field submits */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
