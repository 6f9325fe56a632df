// The monthly settlement (月度结算): a month (last month by default, ?month=YYYY-MM honoured),
// what must be done before it can be prepared and where, its workflow with the step the person
// may take, the sheet with a row per person and the backend's totals, each person's slip in a
// drawer, and the adjustments the month carries or that correct it. A driver sees only their
// own slip. Every figure is the backend's; this screen only formats them.
import { App, Button, Card, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { downloadBase64 } from '../../lib/download.ts';
import { showApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { notLoaded, useCall } from '../../lib/useCall.tsx';
import { AdjustmentsPanel } from './Adjustments.tsx';
import { MySlipPage } from './MySlipPage.tsx';
import { SheetTable } from './SheetTable.tsx';
import { SlipDrawer } from './Slip.tsx';
import { PrerequisitesCard, WorkflowBar } from './Workflow.tsx';
import { MonthChooser, useMonthParam, type SheetRow } from './parts.tsx';

/** The staff's sheet, or a driver's own slip. */
export function SettlementHome() {
  const { user } = useSession();
  return canCall(user.roles, 'settlement.get') ? <SettlementPage /> : <MySlipPage />;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet printed (A4, with signature lines) or exported to Excel, once prepared. */
function SheetOutputs({ month }: { month: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const f = await call('settlement.xlsx', { month });
      downloadBase64(f.fileName, f.base64, XLSX_TYPE);
      void message.success(t('ui.settlement.exported', { file: f.fileName }));
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Space>
      <Button onClick={() => navigate(`/print/settlement/${month}`)} data-testid="print-sheet">
        {t('ui.settlement.print')}
      </Button>
      <Button loading={exporting} onClick={() => void exportXlsx()} data-testid="export-sheet">
        {t('ui.settlement.export')}
      </Button>
    </Space>
  );
}

export function SettlementPage() {
  const { t } = useTranslation();
  const [month, setMonth] = useMonthParam();
  const loaded = useCall('settlement.get', { month });
  const [open, setOpen] = useState<SheetRow | null>(null);
  const [tab, setTab] = useState('sheet');
  // the answer on screen may still be another month's while the new one loads
  const data = loaded.data && loaded.data.month === month ? loaded.data : null;
  return (
    <Card
      title={t('ui.settlement.title')}
      extra={
        <Space>
          <MonthChooser month={month} onChange={setMonth} />
          <Button onClick={() => void loaded.reload()}>{t('ui.common.refresh')}</Button>
        </Space>
      }
    >
      {notLoaded({ data, error: loaded.error }) ??
        (data && (
          <>
            <PrerequisitesCard data={data.prerequisites} status={data.status} />
            <WorkflowBar data={data} onDone={loaded.setData} />
            <Tabs
              activeKey={tab}
              onChange={setTab}
              tabBarExtraContent={data.status !== 'none' ? <SheetOutputs month={month} /> : null}
              items={[
                { key: 'sheet', label: t('ui.settlement.tab.sheet', { n: data.rows.length }), children: <SheetTable data={data} onOpen={setOpen} /> },
                { key: 'adjustments', label: t('ui.settlement.tab.adjustments'), children: <AdjustmentsPanel data={data} /> },
              ]}
            />
          </>
        ))}
      <SlipDrawer month={month} row={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
