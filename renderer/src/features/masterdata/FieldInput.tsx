import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VehicleModel } from '../../../../shared/api/masterdata.ts';
import { call } from '../../lib/api.ts';
import type { FieldDef } from './areas.tsx';

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: String(i + 1) }));

function ModelSelect(props: { value?: number; onChange?: (v: number) => void; id?: string }) {
  const [models, setModels] = useState<VehicleModel[]>([]);
  useEffect(() => {
    call('models.list', { page: 1, pageSize: 200 })
      .then((r) => setModels(r.items))
      .catch(() => setModels([]));
  }, []);
  return <Select {...props} showSearch optionFilterProp="label" options={models.map((m) => ({ value: m.id, label: m.name }))} />;
}

function Seasons() {
  const { t } = useTranslation();
  return (
    <Form.List name="seasonalFloats">
      {(items, { add, remove }) => (
        <>
          {items.map(({ key, name }) => (
            <Space key={key} align="start" style={{ display: 'flex' }}>
              <Form.Item name={[name, 'fromMonth']} label={t('field.fromMonth')}>
                <Select options={MONTHS} style={{ width: 80 }} />
              </Form.Item>
              <Form.Item name={[name, 'toMonth']} label={t('field.toMonth')}>
                <Select options={MONTHS} style={{ width: 80 }} />
              </Form.Item>
              <Form.Item name={[name, 'float']} label={t('field.float')}>
                <Input inputMode="decimal" style={{ width: 100 }} />
              </Form.Item>
              <Form.Item label=" " colon={false}>
                <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(name)} aria-label={t('ui.master.removeSeason')} />
              </Form.Item>
            </Space>
          ))}
          <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />} block>
            {t('ui.master.addSeason')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** One form field of a master-data form, by kind; the label comes from the shared catalogue. */
export function FieldInput({ field, autoFocus }: { field: FieldDef; autoFocus: boolean }) {
  const { t } = useTranslation();
  const label = t(field.label ?? `field.${field.name}`);
  switch (field.kind) {
    case 'seasons':
      return (
        <Form.Item label={label}>
          <Seasons />
        </Form.Item>
      );
    case 'bool':
      return (
        <Form.Item name={field.name} label={label} valuePropName="checked">
          <Switch />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={field.name} label={label}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'model':
      return (
        <Form.Item name={field.name} label={label}>
          <ModelSelect />
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item name={field.name} label={label}>
          <Input.TextArea rows={2} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={field.name} label={label}>
          <Input autoFocus={autoFocus} inputMode={field.kind === 'text' ? 'text' : 'decimal'} />
        </Form.Item>
      );
  }
}
