// The accident form's cost lines: one line each for the kind, the amount in 元 and a note,
// added and removed freely (up to 20), inside the form's `costs` list.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { COST_KINDS } from '../../../../shared/domain/accident.ts';

const GRID = '150px 160px minmax(200px, 1fr) 32px';
const MAX_LINES = 20;

/** The costs, one line each: kind, amount in 元, note; added and removed freely (up to 20). */
export function CostLines({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const f = (k: string) => t(`ui.accidents.form.${k}`);
  const clear = (index: number, key: string) => {
    if (form.getFieldError(['costs', index, key]).length) form.setFields([{ name: ['costs', index, key], errors: [] }]);
  };
  return (
    <Form.List name="costs">
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="cost-rows">
          {fields.length > 0 && (
            <div style={{ display: 'grid', gridTemplateColumns: GRID, gap: '0 8px', paddingLeft: 28, paddingBottom: 4, fontWeight: 600 }} aria-hidden>
              <span>{f('costKind')}</span>
              <span>{f('costAmount')}</span>
              <span>{f('costNote')}</span>
              <span />
            </div>
          )}
          {fields.map((field, index) => {
            const n = index + 1;
            return (
              <div key={field.key} style={{ display: 'flex', gap: 8 }} data-testid={`cost-row-${index}`}>
                <Typography.Text type="secondary" style={{ width: 20, paddingTop: 5, textAlign: 'right' }}>
                  {n}
                </Typography.Text>
                <div style={{ flex: 1, display: 'grid', gridTemplateColumns: GRID, gap: '0 8px', alignItems: 'start' }}>
                  <Form.Item name={[field.name, 'kind']} style={{ marginBottom: 8 }}>
                    <Select aria-label={`${f('costKind')} ${n}`} options={COST_KINDS.map((k) => ({ value: k, label: t(`costKind.${k}`) }))} onChange={() => clear(index, 'kind')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'amountFen']} style={{ marginBottom: 8 }}>
                    <Input aria-label={`${f('costAmount')} ${n}`} inputMode="decimal" style={{ textAlign: 'right' }} onChange={() => clear(index, 'amountFen')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']} style={{ marginBottom: 8 }}>
                    <Input aria-label={`${f('costNote')} ${n}`} maxLength={100} onChange={() => clear(index, 'note')} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={`${f('costRemove')} ${n}`} title={f('costRemove')} />
                </div>
              </div>
            );
          })}
          <Form.ErrorList errors={errors} />
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            disabled={fields.length >= MAX_LINES}
            onClick={() => {
              add({ kind: fields.length === 0 ? 'own_repair' : 'third_party' });
              // the new line's amount, so typing goes on there
              setTimeout(() => {
                try {
                  form.scrollToField(['costs', fields.length, 'amountFen'], { block: 'nearest', focus: true });
                } catch {
                  /* not rendered yet */
                }
              }, 50);
            }}
          >
            {f('costAdd')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
