// The month's prerequisites and its workflow: each prerequisite met or not with where it is
// resolved; the status, who prepared, reviewed, approved and locked it and when, the last
// return with its reason; and the one step the person's role may take now: prepare or
// recompute (fleet office), the captain's review, the manager office's approval, finance's lock,
// or a return with a reason. The backend decides; a refusal is shown in the step's dialog.
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Steps, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Settlement } from '../../../../shared/api/settlement.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import { ActionModal } from '../../lib/ActionModal.tsx';
import { canCall } from '../../lib/access.ts';
import { useSession } from '../../lib/session.tsx';
import { MONTH, StatusTag, yuan } from './parts.tsx';

type Prerequisites = Settlement['prerequisites'];
type Step = 'prepare' | 'review' | 'approve' | 'lock' | 'return';

export function PrerequisitesCard({ data, status }: { data: Prerequisites; status: Settlement['status'] }) {
  const { t } = useTranslation();
  const p = (k: string, o?: Record<string, unknown>) => t(`ui.settlement.prereq.${k}`, o ?? {});
  const blocked = data.items.filter((i) => !i.ok).length;
  // On a draft the list is what the next recomputation needs too.
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="settlement-prerequisites"
      title={
        <Space>
          {p('title')}
          {data.ready ? (
            <Tag color="success" data-testid="prereq-ready">
              {p('ready')}
            </Tag>
          ) : (
            <Tag color="error" data-testid="prereq-blocked">
              {p('blocked', { n: blocked })}
            </Tag>
          )}
        </Space>
      }
      extra={status === 'draft' ? <Typography.Text type="secondary">{p('afterPrepare')}</Typography.Text> : null}
    >
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, lineHeight: 2 }}>
        {data.items.map((i) => (
          <li key={i.kind} data-testid={`prereq-${i.kind}`} data-ok={i.ok}>
            <Space>
              {i.ok ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />}
              <Typography.Text type={i.ok ? undefined : 'danger'}>{i.message}</Typography.Text>
              {i.link && (
                <Link to={i.link} data-testid={`prereq-link-${i.kind}`}>
                  {i.ok ? p('view') : p('resolve')}
                </Link>
              )}
            </Space>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The steps in order and the status each one reaches. */
const STEPS = ['prepare', 'review', 'approve', 'lock'] as const;
const DONE: Record<Settlement['status'], number> = { none: 0, draft: 1, fleet_reviewed: 2, approved: 3, locked: 4 };

/** Which steps the person may take now (the backend checks again). */
function stepsFor(roles: readonly Role[], data: Settlement): Step[] {
  const s = data.status;
  const out: Step[] = [];
  if ((s === 'none' || s === 'draft') && canCall(roles, 'settlement.prepare')) out.push('prepare');
  if (s === 'draft' && canCall(roles, 'settlement.review')) out.push('review');
  if (s === 'fleet_reviewed' && canCall(roles, 'settlement.approve')) out.push('approve');
  if (s === 'approved' && canCall(roles, 'settlement.lock')) out.push('lock');
  // the captain takes back their own signature; the manager office sends back what it would approve, or approved
  const mayReturn = (s === 'fleet_reviewed' && (roles.includes('fleet_captain') || roles.includes('manager_office'))) || (s === 'approved' && roles.includes('manager_office'));
  if (mayReturn) out.push('return');
  return out;
}

export function WorkflowBar({ data, onDone }: { data: Settlement; onDone(s: Settlement): void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [step, setStep] = useState<Step | null>(null);
  const f = (k: string, o?: Record<string, unknown>) => t(`ui.settlement.flow.${k}`, o ?? {});
  const signed = { prepare: data.prepared, review: data.reviewed, approve: data.approved, lock: data.locked };
  const done = DONE[data.status];
  const steps = stepsFor(user.roles, data);
  // the month must be over, and every prerequisite met, before the office prepares it
  const ended = dayjs(data.month, MONTH).endOf('month').isBefore(dayjs());
  const blockers = data.prerequisites.items.filter((i) => !i.ok).map((i) => i.message);
  const prepareWhy = !ended ? f('notEnded', { month: data.month }) : blockers.length > 0 ? f('notReady', { blockers: blockers.join(t('ui.common.sepLong')) }) : null;

  const button = (s: Step) => {
    const label = s === 'prepare' && data.status === 'draft' ? f('recompute') : t(`settlementStep.${s}`);
    if (s === 'prepare')
      return (
        <Tooltip key={s} title={prepareWhy}>
          <Button type="primary" disabled={prepareWhy !== null} onClick={() => setStep(s)} data-testid="step-prepare">
            {label}
          </Button>
        </Tooltip>
      );
    return (
      <Button key={s} type={s === 'return' ? 'default' : 'primary'} danger={s === 'return'} onClick={() => setStep(s)} data-testid={`step-${s}`}>
        {label}
      </Button>
    );
  };

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="settlement-workflow"
      title={
        <Space>
          {f('title', { month: data.month })}
          <StatusTag status={data.status} />
        </Space>
      }
      extra={<Space wrap>{steps.map(button)}</Space>}
    >
      <Steps
        size="small"
        current={Math.min(done, STEPS.length - 1)}
        status={done >= STEPS.length ? 'finish' : 'process'}
        items={STEPS.map((s, i) => {
          const sig = signed[s];
          return {
            title: t(`settlementStep.${s}`),
            status: i < done ? ('finish' as const) : i === done ? ('process' as const) : ('wait' as const),
            content: sig ? (
              <span data-testid={`signed-${s}`}>{f('signedBy', { by: sig.byName, role: t(`role.${sig.role}`), at: sig.at })}</span>
            ) : (
              <Typography.Text type="secondary">{i === done ? f('next', { role: t(`role.${STEP_ROLE[s]}`) }) : f('pending')}</Typography.Text>
            ),
          };
        })}
      />
      {steps.includes('prepare') && prepareWhy && (
        <Typography.Paragraph type="danger" style={{ marginTop: 12, marginBottom: 0 }} data-testid="prepare-blocked">
          {prepareWhy}
        </Typography.Paragraph>
      )}
      {data.status === 'none' && !steps.includes('prepare') && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {f('notPrepared', { month: data.month })}
        </Typography.Paragraph>
      )}
      {data.returned && (
        <Alert
          type={data.status === 'draft' ? 'warning' : 'info'}
          showIcon
          style={{ marginTop: 12 }}
          data-testid="settlement-returned"
          title={f('returned', { by: data.returned.byName, role: t(`role.${data.returned.role}`), at: data.returned.at, reason: data.returned.reason })}
        />
      )}
      {(data.computedAt || data.auditHead) && (
      <Space wrap size="large" style={{ marginTop: 12 }}>
        {data.computedAt && (
          <Typography.Text type="secondary" data-testid="settlement-computed">
            {f('computed', { version: data.version, at: data.computedAt })}
          </Typography.Text>
        )}
        {data.status === 'locked' && (
          <Typography.Text type="secondary" data-testid="settlement-locked-note">
            {f('lockedNote')}
          </Typography.Text>
        )}
        {data.auditHead && (
          <Typography.Text type="secondary" data-testid="settlement-audit-head">
            {f('auditHead')} <Typography.Text code copyable={{ text: data.auditHead }}>{data.auditHead.slice(0, 16)}</Typography.Text>
          </Typography.Text>
        )}
      </Space>
      )}
      {step && <StepModal step={step} data={data} onClose={() => setStep(null)} onDone={(s) => (setStep(null), onDone(s))} />}
    </Card>
  );
}

/** Who takes each step (shown under the step that comes next). */
const STEP_ROLE: Record<(typeof STEPS)[number], Role> = { prepare: 'fleet_office', review: 'fleet_captain', approve: 'manager_office', lock: 'finance' };

const METHOD = {
  prepare: 'settlement.prepare',
  review: 'settlement.review',
  approve: 'settlement.approve',
  lock: 'settlement.lock',
  return: 'settlement.return',
} as const;

function StepModal({ step, data, onClose, onDone }: { step: Step; data: Settlement; onClose(): void; onDone(s: Settlement): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const f = (k: string, o?: Record<string, unknown>) => t(`ui.settlement.flow.${k}`, o ?? {});
  const recompute = step === 'prepare' && data.status === 'draft';
  const name = recompute ? f('recompute') : t(`settlementStep.${step}`);
  const figures = { month: data.month, rows: data.rows.length, net: yuan(data.netFen) };
  return (
    <ActionModal
      open
      title={f('dialogTitle', { step: name, month: data.month })}
      okText={name}
      okDanger={step === 'lock' || step === 'return'}
      method={METHOD[step]}
      build={(v) => (step === 'return' ? { month: data.month, reason: v.reason ?? '' } : { month: data.month })}
      onClose={onClose}
      onDone={(s) => {
        void message.success(f('done', { step: name, month: s.month }));
        onDone(s);
      }}
    >
      <div data-testid={`step-dialog-${step}`}>
        {step === 'prepare' && <p style={{ marginTop: 0 }}>{recompute ? f('recomputeHint', { version: data.version, month: data.month }) : f('prepareHint', { month: data.month })}</p>}
        {step === 'review' && <p style={{ marginTop: 0 }}>{f('reviewHint', figures)}</p>}
        {step === 'approve' && <p style={{ marginTop: 0 }}>{f('approveHint', figures)}</p>}
        {step === 'lock' && (
          <>
            <p style={{ marginTop: 0 }}>{f('lockSummary', figures)}</p>
            <Alert type="warning" showIcon title={f('lockWarning', { month: data.month })} data-testid="lock-warning" />
          </>
        )}
        {step === 'return' && (
          <>
            <p style={{ marginTop: 0 }}>{f('returnHint', { month: data.month })}</p>
            <Form.Item name="reason" label={f('reason')} required>
              <Input.TextArea rows={3} maxLength={200} showCount autoFocus />
            </Form.Item>
          </>
        )}
      </div>
    </ActionModal>
  );
}
