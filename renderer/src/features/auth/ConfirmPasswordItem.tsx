import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** "Type it again" for a new password: must equal the field named `of`. */
export function ConfirmPasswordItem({ of, label }: { of: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="confirm"
      label={label}
      dependencies={[of]}
      rules={[({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue(of) ? Promise.resolve() : Promise.reject(new Error(t('ui.setup.passwordMismatch')))) })]}
    >
      <Input.Password autoComplete="new-password" />
    </Form.Item>
  );
}
