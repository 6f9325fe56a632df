// The director's reopening of a signed month (the fuel audit, the assessment): a reason is
// required, the old signature is kept by the backend. `texts` is the feature's text prefix
// with reopenTitle, reopen, reopenHint, reason and reopenedDone.
import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/api/index.ts';
import { ActionModal } from './ActionModal.tsx';

type ReopenMethod = 'fuel.reopen' | 'assessment.reopen';

export function ReopenMonthModal<M extends ReopenMethod>(props: { method: M; month: string; texts: string; onClose(): void; onDone(result: MethodOutput<M>): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const s = (k: string, o?: Record<string, unknown>) => t(`${props.texts}.${k}`, o ?? {});
  return (
    <ActionModal
      open
      title={s('reopenTitle', { month: props.month })}
      okText={s('reopen')}
      okDanger
      method={props.method}
      build={(v) => ({ month: props.month, reason: v.reason ?? '' })}
      onClose={props.onClose}
      onDone={(m) => {
        props.onClose();
        void message.success(s('reopenedDone', { month: props.month }));
        props.onDone(m);
      }}
    >
      <p style={{ marginTop: 0 }}>{s('reopenHint')}</p>
      <Form.Item name="reason" label={s('reason')} required>
        <Input.TextArea rows={3} maxLength={200} showCount autoFocus />
      </Form.Item>
    </ActionModal>
  );
}
