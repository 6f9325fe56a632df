// The buttons of an accident for what its status allows and the person may do: edit (open),
// close with a confirmation and an optional note, reopen (the director, with a reason), and the
// record's history. A refusal to close because the policy's cap is unset is shown prominently:
// the backend's message says who must set it and where.
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { accidentCloseInput, type Accident } from '../../../../shared/api/accidents.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { ApiCallError, call } from '../../lib/api.ts';
import { showApiError, validate } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { HistoryDrawer } from '../masterdata/HistoryDrawer.tsx';

type Dialog = 'close' | 'reopen' | 'history';

export function AccidentActions({ accident: a, onChanged }: { accident: Accident; onChanged(a: Accident): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Dialog | null>(null);
  const x = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.action.${k}`, o);
  const may = (m: 'accidents.update' | 'accidents.close' | 'accidents.reopen' | 'audit.history') => canCall(user.roles, m);

  return (
    <Space wrap>
      {a.status === 'open' && may('accidents.update') && (
        <Button onClick={() => navigate(`/accidents/${a.id}/edit`)} data-testid="action-edit">
          {t('ui.common.edit')}
        </Button>
      )}
      {a.status === 'open' && may('accidents.close') && (
        <Button type="primary" onClick={() => setOpen('close')} data-testid="action-close">
          {x('close')}
        </Button>
      )}
      {a.status === 'closed' && may('accidents.reopen') && (
        <Button danger onClick={() => setOpen('reopen')} data-testid="action-reopen">
          {x('reopen')}
        </Button>
      )}
      {may('audit.history') && (
        <Button onClick={() => setOpen('history')} data-testid="action-history">
          {t('ui.common.history')}
        </Button>
      )}

      <CloseModal
        accident={a}
        open={open === 'close'}
        onClose={() => setOpen(null)}
        onDone={(r) => {
          setOpen(null);
          void message.success(x('closed', { number: r.number }));
          onChanged(r);
        }}
      />

      <ActionModal
        open={open === 'reopen'}
        title={x('reopenTitle', { number: a.number })}
        okText={x('reopen')}
        okDanger
        method="accidents.reopen"
        build={(v) => ({ id: a.id, reason: v.reason ?? '' })}
        onClose={() => setOpen(null)}
        onDone={(r) => {
          setOpen(null);
          void message.success(x('reopened', { number: r.number }));
          onChanged(r);
        }}
      >
        <Typography.Paragraph>{x('reopenHint', { month: a.closedMonth ?? '' })}</Typography.Paragraph>
        <Form.Item name="reason" label={x('reopenReason')} required>
          <Input maxLength={200} autoFocus />
        </Form.Item>
      </ActionModal>

      <HistoryDrawer entity="accidents" record={open === 'history' ? a : null} title={x('historyTitle', { number: a.number })} onClose={() => setOpen(null)} />
    </Space>
  );
}

/**
 * Closing is its own confirmation: what is fixed and where it is charged, the share in words,
 * an optional note. The backend decides; its refusal stays in the dialog with the note kept.
 */
function CloseModal({ accident: a, open, onClose, onDone }: { accident: Accident; open: boolean; onClose(): void; onDone(a: Accident): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; policy: boolean } | null>(null);
  const x = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.action.${k}`, o);

  const submit = async () => {
    if (busy) return;
    setError(null);
    const input = validate(form, accidentCloseInput, { id: a.id, note: form.getFieldValue('note') as string | undefined }, t);
    if (input === null) return;
    setBusy(true);
    try {
      onDone(await call('accidents.close', input));
    } catch (err) {
      setError({ message: showApiError(form, err, t), policy: err instanceof ApiCallError && err.code === 'POLICY_UNSET' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={x('closeTitle', { number: a.number })}
      okText={x('closeOk')}
      cancelText={t('ui.common.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
      maskClosable={false}
      width={600}
    >
      {error &&
        (error.policy ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="close-error"
            title={<Typography.Text strong>{x('policyUnsetTitle')}</Typography.Text>}
            description={
              <>
                <Typography.Paragraph style={{ fontSize: 15, marginBottom: 8 }}>{error.message}</Typography.Paragraph>
                {canCall(user.roles, 'policy.update') && (
                  <Button size="small" type="primary" onClick={() => navigate('/policy')}>
                    {x('toPolicy')}
                  </Button>
                )}
              </>
            }
          />
        ) : (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error.message} data-testid="close-error" />
        ))}
      <Typography.Paragraph>{x('closeHint', { driver: a.driverName })}</Typography.Paragraph>
      {a.share.words.length > 0 && (
        <Alert
          type={a.share.state === 'computed' ? 'info' : 'warning'}
          style={{ marginBottom: 16 }}
          title={a.share.words.map((w, i) => (
            <div key={i}>{w}</div>
          ))}
        />
      )}
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item name="note" label={x('closeNote')}>
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
