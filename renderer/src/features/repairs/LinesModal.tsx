// The shop's list of parts and labour, entered line by line: a part from the catalogue (its
// reference price and major-part mark shown) or a free-text part with the reason it is not in
// the catalogue, or labour; quantity in hundredths, unit price in yuan → fen. Validated with
// repairs.enterWork's own schema, each message on its row. The totals shown while typing are
// a preview with the same integer rule; the order shows the backend's.
import { ActionModal } from '../../lib/ActionModal.tsx';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Part } from '../../../../shared/api/masterdata.ts';
import type { RepairOrder } from '../../../../shared/api/repairs.ts';
import { formatFixed, mulDiv, parseFixed, parseYuan } from '../../../../shared/domain/money.ts';
import { deviationNeedsReason, lineTotalFen, type LineKind } from '../../../../shared/domain/repairs.ts';
import {fenOrRaw, qty, scaledOrRaw, searchFilter, useParts, useThresholdBp, yuan} from './parts.tsx';

/** The special choice of the part select: a part not in the catalogue, named by hand. */
const FREE = 'free';

interface LineValues {
  kind?: LineKind;
  partId?: number | typeof FREE;
  name?: string;
  unit?: string;
  quantity?: string;
  unitPriceFen?: string;
  freeTextReason?: string;
}

/** A line's amount while typing, or null while its figures are not yet valid. */
function previewFen(l: LineValues | undefined): number | null {
  const q = parseFixed(l?.quantity ?? '', 2);
  const p = parseYuan(l?.unitPriceFen ?? '');
  return q !== null && p !== null && q >= 0 && p >= 0 ? lineTotalFen({ quantity: q, unitPriceFen: p }) : null;
}

function toValues(order: RepairOrder): LineValues[] {
  if (order.lines.length === 0) return [{ kind: 'part', quantity: '1' }];
  return order.lines.map((l) => ({
    kind: l.kind,
    partId: l.kind === 'part' ? (l.partId ?? FREE) : undefined,
    name: l.partId === null ? l.name : undefined,
    unit: l.partId === null ? l.unit : undefined,
    quantity: qty(l.quantity),
    unitPriceFen: formatFixed(l.unitPriceFen, 2),
    freeTextReason: l.freeTextReason ?? undefined,
  }));
}

export function LinesModal({ order, open, onClose, onDone }: { order: RepairOrder; open: boolean; onClose(): void; onDone(o: RepairOrder): void }) {
  const { t } = useTranslation();
  const parts = useParts(open);
  const thresholdBp = useThresholdBp(order.createdAt.slice(0, 7), open);
  const again = order.lines.length > 0;

  return (
    <ActionModal
      open={open}
      title={t(again ? 'ui.repairs.lines.titleAgain' : 'ui.repairs.lines.title', { number: order.number })}
      okText={t('ui.repairs.lines.save')}
      method="repairs.enterWork"
      width={1120}
      initialValues={{ lines: toValues(order) }}
      check={(v) => {
        // A part line needs a catalogue part or the free-text choice before the schema can judge it.
        const missing: Record<string, string> = {};
        ((v.lines as LineValues[] | undefined) ?? []).forEach((l, i) => {
          if (l?.kind === 'part' && l.partId === undefined) missing[`lines.${i}.partId`] = t('ui.repairs.lines.pickPart');
        });
        return missing;
      }}
      build={(v) => ({
        id: order.id,
        lines: ((v.lines as LineValues[] | undefined) ?? []).map((l) => {
          const free = l?.kind === 'labour' || l?.partId === FREE;
          return {
            kind: l?.kind,
            partId: l?.kind === 'part' && typeof l.partId === 'number' ? l.partId : undefined,
            name: free ? l?.name : undefined,
            unit: free ? l?.unit : undefined,
            quantity: scaledOrRaw(l?.quantity, 2),
            unitPriceFen: fenOrRaw(l?.unitPriceFen),
            freeTextReason: l?.kind === 'part' && l.partId === FREE ? l.freeTextReason : undefined,
          };
        }),
      })}
      onClose={onClose}
      onDone={onDone}
    >
      {(form) => (
        <>
          {again && (
            <Typography.Paragraph type="warning" data-testid="lines-again">
              {t('ui.repairs.lines.againHint')}
            </Typography.Paragraph>
          )}
          <LineRows form={form} parts={parts} thresholdBp={thresholdBp} />
        </>
      )}
    </ActionModal>
  );
}

const GRID = '120px minmax(220px, 1fr) 96px 80px 120px 110px 32px';

function LineRows({ form, parts, thresholdBp }: { form: FormInstance; parts: Part[]; thresholdBp: number | null }) {
  const { t } = useTranslation();
  const l = (k: string) => t(`ui.repairs.lines.${k}`);
  const lines = (Form.useWatch('lines', form) as LineValues[] | undefined) ?? [];
  const byId = new Map(parts.map((p) => [p.id, p]));
  const partOptions = [
    ...parts.map((p) => ({ value: p.id as number | string, label: p.name, search: p.name, part: p })),
    { value: FREE, label: l('freeText'), search: `${l('freeText')} free`, part: null },
  ];
  const totals = lines.reduce(
    (sum, line) => {
      const fen = previewFen(line);
      if (fen === null) return sum;
      return line?.kind === 'labour' ? { ...sum, labour: sum.labour + fen } : { ...sum, parts: sum.parts + fen };
    },
    { parts: 0, labour: 0 },
  );

  /** Picking a catalogue part fills in its reference price when no price is typed yet. */
  const onPart = (index: number, value: number | string) => {
    const part = typeof value === 'number' ? byId.get(value) : undefined;
    const price = form.getFieldValue(['lines', index, 'unitPriceFen']) as string | undefined;
    if (part && !price) form.setFieldValue(['lines', index, 'unitPriceFen'], formatFixed(part.referencePriceFen, 2));
  };

  return (
    <Form.List name="lines">
      {(fields, { add, remove }, { errors }) => (
        <>
          <div className="repair-lines-head" style={{ display: 'grid', gridTemplateColumns: GRID, gap: '0 8px', padding: '0 0 4px 28px', fontWeight: 600 }} aria-hidden>
            <span>{l('kind')}</span>
            <span>{l('item')}</span>
            <span>{l('quantity')}</span>
            <span>{l('unit')}</span>
            <span>{l('unitPrice')}</span>
            <span style={{ textAlign: 'right' }}>{l('amount')}</span>
            <span />
          </div>
          {fields.map((field, index) => {
            const line = lines[index];
            const kind = line?.kind ?? 'part';
            const part = kind === 'part' && typeof line?.partId === 'number' ? byId.get(line.partId) : undefined;
            const free = kind === 'labour' || line?.partId === FREE;
            const n = index + 1;
            const fen = previewFen(line);
            const price = parseYuan(line?.unitPriceFen ?? '');
            const above = part && price !== null && thresholdBp !== null && deviationNeedsReason(price, part.referencePriceFen, thresholdBp);
            return (
              <div key={field.key} data-testid={`line-row-${index}`} style={{ display: 'flex', gap: 8, borderTop: index ? '1px solid #f0f0f0' : undefined, paddingTop: index ? 8 : 0 }}>
                <Typography.Text type="secondary" style={{ width: 20, paddingTop: 5, textAlign: 'right' }}>
                  {n}
                </Typography.Text>
                <div style={{ flex: 1 }}>
                  <div style={{ display: 'grid', gridTemplateColumns: GRID, gap: '0 8px', alignItems: 'start' }}>
                    <Form.Item name={[field.name, 'kind']} style={{ marginBottom: 8 }}>
                      <Select
                        aria-label={`${l('kind')} ${n}`}
                        options={[
                          { value: 'part', label: l('kindPart') },
                          { value: 'labour', label: l('kindLabour') },
                        ]}
                      />
                    </Form.Item>
                    {kind === 'part' ? (
                      <Form.Item
                        name={[field.name, 'partId']}
                        style={{ marginBottom: 8 }}
                        extra={
                          part ? (
                            <span data-testid={`line-ref-${index}`}>
                              {t('ui.repairs.lines.reference', { price: yuan(part.referencePriceFen), unit: part.unit })}
                              {part.isMajor && (
                                <Tag color="volcano" style={{ marginLeft: 6 }}>
                                  {t('ui.repairs.majorPart')}
                                </Tag>
                              )}
                              {above && part.referencePriceFen > 0 && (
                                <Typography.Text type="warning" style={{ display: 'block' }}>
                                  {t('ui.repairs.lines.above', { percent: formatFixed(mulDiv(price - part.referencePriceFen, 1000, part.referencePriceFen), 1), threshold: formatFixed(thresholdBp, 2).replace(/\.?0+$/, '') })}
                                </Typography.Text>
                              )}
                            </span>
                          ) : undefined
                        }
                      >
                        <Select
                          aria-label={`${l('part')} ${n}`}
                          showSearch={{ filterOption: searchFilter }}
                          placeholder={l('partPlaceholder')}
                          options={partOptions}
                          optionRender={(o) => {
                            const p = o.data.part;
                            return p ? (
                              <Space size={4}>
                                <span>{p.name}</span>
                                <Typography.Text type="secondary">{t('ui.repairs.lines.reference', { price: yuan(p.referencePriceFen), unit: p.unit })}</Typography.Text>
                                {p.isMajor && <Tag color="volcano">{t('ui.repairs.majorPart')}</Tag>}
                              </Space>
                            ) : (
                              <Typography.Text italic>{o.label}</Typography.Text>
                            );
                          }}
                          onChange={(v: number | string) => onPart(index, v)}
                        />
                      </Form.Item>
                    ) : (
                      <Form.Item name={[field.name, 'name']} style={{ marginBottom: 8 }}>
                        <Input maxLength={60} aria-label={`${l('labourName')} ${n}`} placeholder={l('labourPlaceholder')} />
                      </Form.Item>
                    )}
                    <Form.Item name={[field.name, 'quantity']} style={{ marginBottom: 8 }}>
                      <Input inputMode="decimal" aria-label={`${l('quantity')} ${n}`} style={{ textAlign: 'right' }} />
                    </Form.Item>
                    {free ? (
                      <Form.Item name={[field.name, 'unit']} style={{ marginBottom: 8 }}>
                        <Input maxLength={10} aria-label={`${l('unit')} ${n}`} placeholder={kind === 'labour' ? l('unitLabour') : l('unitPart')} />
                      </Form.Item>
                    ) : (
                      <Typography.Text style={{ paddingTop: 5 }}>{part?.unit ?? ''}</Typography.Text>
                    )}
                    <Form.Item name={[field.name, 'unitPriceFen']} style={{ marginBottom: 8 }}>
                      <Input inputMode="decimal" aria-label={`${l('unitPrice')} ${n}`} style={{ textAlign: 'right' }} />
                    </Form.Item>
                    <Typography.Text style={{ paddingTop: 5, textAlign: 'right' }} data-testid={`line-amount-${index}`}>
                      {fen === null ? '—' : yuan(fen)}
                    </Typography.Text>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      disabled={fields.length === 1}
                      onClick={() => remove(field.name)}
                      aria-label={`${l('remove')} ${n}`}
                      title={l('remove')}
                    />
                  </div>
                  {kind === 'part' && line?.partId === FREE && (
                    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(180px, 1fr) 2fr', gap: '0 8px', paddingLeft: 128, paddingRight: 40 }}>
                      <Form.Item name={[field.name, 'name']} style={{ marginBottom: 8 }}>
                        <Input maxLength={60} aria-label={`${l('freeName')} ${n}`} placeholder={l('freeName')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'freeTextReason']} style={{ marginBottom: 8 }}>
                        <Input maxLength={200} aria-label={`${l('freeReason')} ${n}`} placeholder={l('freeReasonPlaceholder')} />
                      </Form.Item>
                    </div>
                  )}
                </div>
              </div>
            );
          })}
          <Form.ErrorList errors={errors} />
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 8 }}>
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={fields.length >= 200}
              onClick={() => {
                add({ kind: 'part', quantity: '1' });
                // the new row's first field, so typing goes on there
                setTimeout(() => {
                  try {
                    form.scrollToField(['lines', fields.length, 'kind'], { block: 'nearest', focus: true });
                  } catch {
                    /* not rendered yet */
                  }
                }, 50);
              }}
            >
              {l('add')}
            </Button>
            <Typography.Text strong data-testid="lines-preview">
              {t('ui.repairs.lines.preview', { parts: yuan(totals.parts), labour: yuan(totals.labour), total: yuan(totals.parts + totals.labour) })}
            </Typography.Text>
          </div>
        </>
      )}
    </Form.List>
  );
}
