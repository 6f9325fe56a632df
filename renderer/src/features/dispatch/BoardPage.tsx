// The day's board: tickets by status, vehicles still out after closing time highlighted, and
// the end-of-day review list of every ticket not yet closed out, with what it still needs.
import { Alert, Badge, Button, Card, Col, DatePicker, Empty, List, Row, Space, Table, Tag, Typography, App } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { DispatchBoard, TicketSummary } from '../../../../shared/api/dispatch.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { FlagTags, StatusTag } from './parts.tsx';
import { RequestModal } from './RequestModal.tsx';

const COLUMNS = [
  { key: 'requested', statuses: ['requested'] },
  { key: 'approved', statuses: ['approved'] },
  { key: 'departed', statuses: ['departed'] },
  { key: 'finished', statuses: ['returned', 'closed'] },
] as const;

export function BoardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [board, setBoard] = useState<DispatchBoard | null>(null);
  const [requesting, setRequesting] = useState(false);

  const load = useCallback(async () => {
    try {
      setBoard(await call('dispatch.board', { date: date.format('YYYY-MM-DD') }));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    }
  }, [date, message, t]);
  // The board stays live: vehicles passing closing time turn red without a click.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 60_000);
    return () => clearInterval(timer);
  }, [load]);

  const overdue = board?.tickets.filter((x) => x.overdue) ?? [];
  const pastClosing = board ? board.now > `${board.date} ${board.closingTime}` : false;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('ui.dispatch.board')}
        extra={
          <Space>
            <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} aria-label={t('ui.dispatch.date')} />
            {board && <Tag color={pastClosing ? 'error' : 'default'}>{t('ui.dispatch.closingAt', { time: board.closingTime })}</Tag>}
            <Button onClick={() => void load()}>{t('ui.common.refresh')}</Button>
            {canCall(user.roles, 'dispatch.request') && (
              <Button type="primary" onClick={() => setRequesting(true)}>
                {t('ui.dispatch.request')}
              </Button>
            )}
          </Space>
        }
      >
        {board?.truncated && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('ui.dispatch.truncated')} />}
        {overdue.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${t('ui.dispatch.overdue')}：${overdue.map((x) => `${x.plate}${t('ui.common.paren', { text: x.driverName })}`).join(t('ui.common.sep'))}`}
            data-testid="overdue-alert"
          />
        )}
        <Row gutter={12}>
          {COLUMNS.map((c) => {
            const items = board?.tickets.filter((x) => (c.statuses as readonly string[]).includes(x.status)) ?? [];
            return (
              <Col xs={24} md={12} xl={6} key={c.key}>
                <Card size="small" title={t(`ui.dispatch.column.${c.key}`)} extra={<Badge count={items.length} showZero color={c.key === 'departed' && items.some((x) => x.overdue) ? '#cf1322' : '#1d5fa8'} />} data-testid={`column-${c.key}`}>
                  {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ui.dispatch.empty')} /> : <List size="small" dataSource={items} renderItem={(x) => <BoardItem ticket={x} />} />}
                </Card>
              </Col>
            );
          })}
        </Row>
      </Card>
      <Card title={t('ui.dispatch.review')} data-testid="review-list">
        <Typography.Paragraph type="secondary">{t('ui.dispatch.reviewIntro')}</Typography.Paragraph>
        <Table
          size="small"
          rowKey={(r) => r.ticket.id}
          dataSource={board?.review ?? []}
          pagination={false}
          locale={{ emptyText: t('ui.dispatch.reviewNone') }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/tickets/${r.ticket.id}`) })}
          columns={[
            { key: 'number', title: t('ui.dispatch.col.number'), render: (_, r) => <Link to={`/tickets/${r.ticket.id}`}>{r.ticket.number}</Link> },
            { key: 'start', title: t('ui.dispatch.col.start'), render: (_, r) => r.ticket.departedAt ?? r.ticket.plannedDeparture },
            { key: 'who', title: t('ui.dispatch.col.plate'), render: (_, r) => t('ui.dispatch.route', { plate: r.ticket.plate, driver: r.ticket.driverName }) },
            { key: 'status', title: t('ui.dispatch.col.status'), render: (_, r) => <StatusTag status={r.ticket.status} /> },
            { key: 'needs', title: t('ui.dispatch.needsCol'), render: (_, r) => <Tag color={r.needs === 'resolveFlag' || r.ticket.overdue ? 'error' : 'processing'}>{t(`ui.dispatch.needs.${r.needs}`)}</Tag> },
            { key: 'flags', title: t('ui.dispatch.col.flags'), render: (_, r) => <FlagTags ticket={r.ticket} /> },
          ]}
        />
      </Card>
      <RequestModal
        open={requesting}
        onClose={() => setRequesting(false)}
        onDone={(created) => {
          setRequesting(false);
          void message.success(t('ui.dispatch.requested', { number: created.number }));
          void load();
        }}
      />
    </Space>
  );
}

function BoardItem({ ticket }: { ticket: TicketSummary }) {
  const { t } = useTranslation();
  return (
    <List.Item style={ticket.overdue ? { background: '#fff1f0' } : undefined} data-testid={`board-${ticket.number}`}>
      <List.Item.Meta
        title={
          <Space size={4} wrap>
            <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link>
            <StatusTag status={ticket.status} />
            <FlagTags ticket={ticket} />
          </Space>
        }
        description={
          <>
            <div>{t('ui.dispatch.route', { plate: ticket.plate, driver: ticket.driverName })}</div>
            <div>
              {ticket.departedAt ?? ticket.plannedDeparture} · {ticket.destination}
            </div>
          </>
        }
      />
    </List.Item>
  );
}
