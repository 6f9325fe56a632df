// The assessment month's signature: the fleet office signs once the month has ended (the
// button disabled with the reason before), the signature in force shown with who, in which
// post and when, the director's reopening with a reason, and every earlier signature.
import { App, Alert, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessmentSubject } from '../../../../shared/domain/assessment.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import type { MonthData } from './AssessmentPage.tsx';
import { ReopenMonthModal } from '../../lib/ReopenMonthModal.tsx';

export function SignBar({ data, subject, onDone }: { data: MonthData; subject: AssessmentSubject; onDone(m: MonthData): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [signing, setSigning] = useState(false);
  const [reopening, setReopening] = useState(false);
  const s = (k: string, o?: Record<string, unknown>) => t(`ui.conduct.sign.${k}`, o ?? {});
  const role = (r: string) => t(`role.${r}`);
  const maySign = canCall(user.roles, 'assessment.sign');
  const mayReopen = canCall(user.roles, 'assessment.reopen');
  // the signature in force is the newest entry; the rest is history
  const history = data.signed ? data.history.slice(1) : data.history;
  return (
    <>
      <Alert
        data-testid="assessment-signbar"
        style={{ marginBottom: 16 }}
        type={data.signed ? 'success' : 'info'}
        showIcon
        title={
          data.signed
            ? s('signed', { month: data.month, by: data.signed.byName, role: role(data.signed.role), at: data.signed.at })
            : data.canSign
              ? s('ready', { month: data.month })
              : s('open', { month: data.month })
        }
        description={
          history.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="assessment-history">
              {history.map((h) => (
                <li key={h.id}>
                  {s('historySigned', { by: h.signed.byName, role: role(h.signed.role), at: h.signed.at })}
                  {h.reopened && s('historyReopened', { by: h.reopened.byName, role: role(h.reopened.role), at: h.reopened.at, reason: h.reopened.reason })}
                </li>
              ))}
            </ul>
          )
        }
        action={
          data.signed
            ? mayReopen && (
                <Button danger onClick={() => setReopening(true)}>
                  {s('reopen')}
                </Button>
              )
            : maySign && (
                <Tooltip title={data.canSign ? null : s('notEnded', { month: data.month })}>
                  <Button type="primary" disabled={!data.canSign} onClick={() => setSigning(true)}>
                    {s('sign')}
                  </Button>
                </Tooltip>
              )
        }
      />
      {signing && (
        <ActionModal
          open
          title={s('signTitle', { month: data.month })}
          okText={s('sign')}
          method="assessment.sign"
          build={() => ({ month: data.month })}
          onClose={() => setSigning(false)}
          onDone={(m) => {
            setSigning(false);
            void message.success(s('signedDone', { month: m.month }));
            onDone(m);
          }}
        >
          <p data-testid="sign-summary">
            {s('summary', {
              subject: t(`assessmentSubject.${subject}`),
              sheets: data.counts.sheets,
              deducted: data.counts.deducted,
              below: data.counts.belowThreshold,
              threshold: data.payDeductionBelowScore,
            })}
          </p>
          <p style={{ marginBottom: 0 }}>{s('signHint')}</p>
        </ActionModal>
      )}
      {reopening && <ReopenMonthModal method="assessment.reopen" month={data.month} texts="ui.conduct.sign" onClose={() => setReopening(false)} onDone={onDone} />}
    </>
  );
}
