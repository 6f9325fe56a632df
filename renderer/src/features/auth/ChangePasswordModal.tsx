import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changePasswordInput } from '../../../../shared/api/accounts.ts';
import { call } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';
import { ConfirmPasswordItem } from './ConfirmPasswordItem.tsx';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: Values) => {
    const input = validate(form, changePasswordInput, { oldPassword: v.oldPassword ?? '', newPassword: v.newPassword ?? '' }, t);
    if (!input) return;
    try {
      await call('auth.changePassword', input);
      void message.success(t('ui.layout.passwordChanged'));
      form.resetFields();
      setError(null);
      onClose();
    } catch (err) {
      setError(showApiError(form, err, t));
    }
  };

  return (
    <Modal open={open} title={t('ui.layout.changePassword')} onCancel={onClose} onOk={() => form.submit()} okText={t('ui.common.save')} cancelText={t('ui.common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Form.Item name="oldPassword" label={t('field.oldPassword')}>
          <Input.Password autoFocus autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('field.newPassword')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <ConfirmPasswordItem of="newPassword" label={t('ui.layout.confirmNewPassword')} />
        {/* Enter in any field saves */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
