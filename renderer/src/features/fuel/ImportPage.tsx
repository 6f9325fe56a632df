// Importing a fuel-card statement (导入加油卡对账单): choose the card company or station and
// the file; it is uploaded in chunks with a progress bar; the columns are matched (remembered
// per card company, or guessed from the headers) and every row is shown with its problems
// before anything is saved; the import saves the valid rows at once, and the rows not
// imported can be downloaded with their reasons as a CSV that opens in Excel.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Col, Form, Progress, Result, Row, Segmented, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import Papa from 'papaparse';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IMPORT_CHUNK_BYTES, IMPORT_MAX_BYTES, REQUIRED_FIELDS, STATEMENT_FIELDS, type ImportCommit, type ImportPreview, type ImportRow, type StatementMapping } from '../../../../shared/api/fuel.ts';
import { csvRow } from '../../../../shared/domain/spreadsheet-safety.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { fixed2, yuan } from './parts.tsx';

/** A slice of the file as base64, as the backend takes it. */
function base64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error ?? new Error('read'));
    reader.readAsDataURL(blob);
  });
}

export function ImportPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const i = (k: string, o?: Record<string, unknown>) => t(`ui.fuel.import.${k}`, o ?? {});
  const [profiles, setProfiles] = useState<{ value: string }[]>([]);
  const [profile, setProfile] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [query, setQuery] = useState<{ only: 'all' | 'problems'; page: number }>({ only: 'problems', page: 1 });
  const [result, setResult] = useState<ImportCommit | null>(null);

  useEffect(() => {
    void call('fuel.importProfiles', {}).then((list) => setProfiles(list.map((p) => ({ value: p.name }))), () => undefined);
  }, []);

  const fail = (err: unknown) => setError(showApiError(null, err, t));

  // Only the answer to the latest check is shown (and imported from): an older, slower one is dropped.
  const latest = useRef(0);
  const load = async (id: number, mapping: StatementMapping | undefined, q = query) => {
    const mine = ++latest.current;
    setBusy(true);
    try {
      const answer = await call('fuel.importPreview', { id, profile: profile.trim(), ...(mapping ? { mapping } : {}), only: q.only, page: q.page, pageSize: 20 });
      if (mine !== latest.current) return;
      setPreview(answer);
      setError(null);
    } catch (err) {
      if (mine === latest.current) fail(err);
    } finally {
      if (mine === latest.current) setBusy(false);
    }
  };

  const uploadAndPreview = async () => {
    if (!file) return setError(i('chooseFile'));
    if (!profile.trim()) return setError(i('chooseProfile'));
    if (file.size === 0) return setError(t('err.importEmptyFile'));
    if (file.size > IMPORT_MAX_BYTES) return setError(t('err.importTooLarge'));
    setError(null);
    setBusy(true);
    setSent(0);
    try {
      const { id } = await call('fuel.importStart', { fileName: file.name, size: file.size });
      for (let seq = 0; seq * IMPORT_CHUNK_BYTES < file.size; seq++) {
        const { received } = await call('fuel.importChunk', { id, seq, data: await base64(file.slice(seq * IMPORT_CHUNK_BYTES, (seq + 1) * IMPORT_CHUNK_BYTES)) });
        setSent(received);
      }
      const q = { only: 'problems' as const, page: 1 };
      setQuery(q);
      await load(id, undefined, q);
    } catch (err) {
      fail(err);
      setBusy(false);
    }
  };

  const setMapping = (field: (typeof STATEMENT_FIELDS)[number], column: number | undefined) => {
    if (!preview) return;
    const mapping = { ...preview.mapping };
    if (column === undefined) delete mapping[field];
    else mapping[field] = column;
    const q = { ...query, page: 1 };
    setQuery(q);
    void load(preview.id, mapping, q);
  };

  const commit = () => {
    if (!preview) return;
    modal.confirm({
      title: t('ui.common.confirmTitle'),
      content: i('confirm', { n: preview.valid, duplicates: preview.duplicates, rejected: preview.rejected }),
      okText: i('importN', { n: preview.valid }),
      cancelText: t('ui.common.cancel'),
      onOk: async () => {
        try {
          const r = await call('fuel.importCommit', { id: preview.id, profile: profile.trim(), mapping: preview.mapping });
          setResult(r);
          void message.success(i('done', { n: r.imported }));
        } catch (err) {
          fail(err);
        }
      },
    });
  };

  const reasons = (r: ImportRow) => [...r.problems, ...r.warnings].map((p) => `${i(`field.${p.field}`)}：${t(p.key, p.params ?? {})}`);

  const downloadRejected = (r: ImportCommit) => {
    const csv = Papa.unparse({
      // every cell through the shared rule: one a spreadsheet would read as a formula is written as text
      fields: csvRow([i('rowNumber'), ...r.headers, i('reasons')]),
      data: r.rejected.map((x) => csvRow([String(x.rowNumber), ...x.cells, x.problems.map((p) => `${i(`field.${p.field}`)}：${t(p.key, p.params ?? {})}`).join('；')])),
    });
    const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = i('rejectedFile', { file: (preview?.fileName ?? 'statement').replace(/\.[^.]+$/, '') });
    a.click();
    URL.revokeObjectURL(url);
  };

  const restart = () => {
    setFile(null);
    setSent(null);
    setPreview(null);
    setResult(null);
    setError(null);
  };

  const step = result ? 2 : preview ? 1 : 0;
  return (
    <Card title={i('title')} extra={<Link to="/fillups">{i('toFillups')}</Link>}>
      <Steps current={step} items={[{ title: i('step.file') }, { title: i('step.check') }, { title: i('step.done') }]} style={{ marginBottom: 24, maxWidth: 720 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}

      {step === 0 && (
        <Form layout="vertical" style={{ maxWidth: 640 }} onFinish={() => void uploadAndPreview()}>
          <Form.Item label={i('profile')} required extra={i('profileHint')}>
            <AutoComplete options={profiles} value={profile} onChange={setProfile} placeholder={i('profilePlaceholder')} aria-label={i('profile')} filterOption />
          </Form.Item>
          <Form.Item label={i('file')} required>
            <Upload.Dragger
              accept=".csv,.txt,.xlsx"
              maxCount={1}
              beforeUpload={(f) => {
                setFile(f);
                setSent(null);
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'file', name: file.name, size: file.size, status: 'done' }] : []}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{i('drop')}</p>
              <p className="ant-upload-hint">{i('dropHint')}</p>
            </Upload.Dragger>
          </Form.Item>
          {sent !== null && file && <Progress percent={Math.floor((sent * 100) / Math.max(file.size, 1))} status={busy ? 'active' : undefined} data-testid="upload-progress" format={(p) => i('uploaded', { p })} />}
          <Button type="primary" htmlType="submit" loading={busy}>
            {i('uploadAndCheck')}
          </Button>
        </Form>
      )}

      {step === 1 && preview && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text strong>{preview.fileName}</Typography.Text>
            <Tag>{preview.format === 'xlsx' ? 'Excel (.xlsx)' : `CSV · ${preview.encoding === 'gb18030' ? 'GBK' : (preview.encoding ?? 'utf-8').toUpperCase()}`}</Tag>
            <Tag color={preview.mappingSource === 'profile' ? 'green' : 'blue'}>{i(`mappingSource.${preview.mappingSource}`, { profile })}</Tag>
          </Space>
          {preview.sameFile && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={i('sameFile', preview.sameFile)} data-testid="same-file" />}
          <Typography.Title level={5}>{i('mapping')}</Typography.Title>
          <Row gutter={[16, 0]} data-testid="import-mapping">
            {STATEMENT_FIELDS.map((field) => {
              const problem = preview.mappingProblems.find((p) => p.field === field);
              return (
                <Col key={field} xs={24} sm={12} md={8} lg={6}>
                  <Form.Item label={i(`field.${field}`)} required={REQUIRED_FIELDS.includes(field)} validateStatus={problem ? 'error' : undefined} help={problem ? t(problem.key, problem.params ?? {}) : undefined} style={{ marginBottom: 12 }}>
                    <Select
                      aria-label={i(`field.${field}`)}
                      value={preview.mapping[field]}
                      allowClear={!REQUIRED_FIELDS.includes(field)}
                      placeholder={REQUIRED_FIELDS.includes(field) ? i('pickColumn') : i(`unmapped.${field}`, { defaultValue: i('notInFile') })}
                      onChange={(v: number | undefined) => setMapping(field, v)}
                      options={preview.headers.map((h, col) => ({ value: col, label: i('column', { n: col + 1, header: h }) }))}
                      disabled={busy}
                    />
                  </Form.Item>
                </Col>
              );
            })}
          </Row>
          <Row gutter={16} style={{ margin: '8px 0 16px' }} data-testid="import-summary">
            <Col flex="1 1 120px">
              <Statistic title={i('total')} value={preview.total} />
            </Col>
            <Col flex="1 1 120px">
              <Statistic title={i('valid')} value={preview.valid} styles={{ content: { color: '#389e0d' } }} />
            </Col>
            <Col flex="1 1 120px">
              <Statistic title={i('warnings')} value={preview.warnings} styles={{ content: preview.warnings ? { color: '#d48806' } : undefined }} />
            </Col>
            <Col flex="1 1 120px">
              <Statistic title={i('duplicates')} value={preview.duplicates} />
            </Col>
            <Col flex="1 1 120px">
              <Statistic title={i('rejected')} value={preview.rejected} styles={{ content: preview.rejected ? { color: '#cf1322' } : undefined }} />
            </Col>
          </Row>
          <Space style={{ marginBottom: 12 }}>
            <Segmented
              disabled={busy}
              value={query.only}
              options={[
                { value: 'problems', label: i('onlyProblems') },
                { value: 'all', label: i('allRows') },
              ]}
              onChange={(v) => {
                const q = { only: v as 'all' | 'problems', page: 1 };
                setQuery(q);
                void load(preview.id, preview.mapping, q);
              }}
            />
          </Space>
          <Table<ImportRow>
            rowKey="rowNumber"
            size="small"
            loading={busy}
            dataSource={preview.rows}
            data-testid="import-rows"
            locale={{ emptyText: preview.mappingProblems.length ? i('fixMapping') : i('noProblems') }}
            pagination={{
              current: query.page,
              pageSize: 20,
              total: preview.rowsTotal,
              showSizeChanger: false,
              onChange: (page) => {
                const q = { ...query, page };
                setQuery(q);
                void load(preview.id, preview.mapping, q);
              },
            }}
            rowClassName={(r) => (r.problems.length ? 'import-row-rejected' : '')}
            columns={[
              { key: 'row', title: i('rowNumber'), dataIndex: 'rowNumber', width: 70 },
              { key: 'plate', title: i('field.plate'), render: (_, r) => r.plate ?? r.cells[preview.mapping.plate ?? -1] ?? '' },
              { key: 'time', title: i('field.filledAt'), render: (_, r) => r.filledAt ?? r.cells[preview.mapping.filledAt ?? -1] ?? '' },
              { key: 'driver', title: i('field.driverName'), render: (_, r) => r.driverName ?? '' },
              { key: 'litres', title: i('field.litres'), align: 'right', render: (_, r) => (r.litres === null ? (r.cells[preview.mapping.litres ?? -1] ?? '') : fixed2(r.litres)) },
              { key: 'amount', title: i('field.amount'), align: 'right', render: (_, r) => (r.amountFen === null ? (r.cells[preview.mapping.amount ?? -1] ?? '') : yuan(r.amountFen)) },
              {
                key: 'check',
                title: i('check'),
                render: (_, r) =>
                  r.problems.length > 0 ? (
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                      {r.problems.map((p, k) => (
                        <Tag key={k} color="error" style={{ whiteSpace: 'normal' }}>
                          {i(`field.${p.field}`)}：{t(p.key, p.params ?? {})}
                        </Tag>
                      ))}
                    </div>
                  ) : r.duplicate ? (
                    <Tag>{i('duplicate')}</Tag>
                  ) : (
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                      <Tag color="success">{i('ok')}</Tag>
                      {r.warnings.map((p, k) => (
                        <Tag key={k} color="warning" style={{ whiteSpace: 'normal' }}>
                          {t(p.key, p.params ?? {})}
                        </Tag>
                      ))}
                    </div>
                  ),
              },
            ]}
          />
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" disabled={busy || preview.valid === 0 || preview.mappingProblems.length > 0} onClick={commit}>
              {i('importN', { n: preview.valid })}
            </Button>
            <Button onClick={restart}>{i('another')}</Button>
          </Space>
        </>
      )}

      {step === 2 && result && (
        <Result
          status={result.rejected.length ? 'warning' : 'success'}
          title={i('done', { n: result.imported })}
          subTitle={i('doneDetail', { duplicates: result.duplicates, rejected: result.rejected.length })}
          extra={[
            result.rejected.length > 0 && (
              <Button key="download" icon={<DownloadOutlined />} onClick={() => downloadRejected(result)}>
                {i('downloadRejected', { n: result.rejected.length })}
              </Button>
            ),
            <Link key="fillups" to="/fillups">
              <Button type="primary">{i('toFillups')}</Button>
            </Link>,
            <Button key="again" onClick={restart}>
              {i('another')}
            </Button>,
          ]}
        >
          {result.rejected.length > 0 && (
            <ul style={{ margin: 0 }} data-testid="rejected-list">
              {result.rejected.slice(0, 10).map((r) => (
                <li key={r.rowNumber}>{i('rejectedLine', { row: r.rowNumber, reasons: reasons({ ...r, warnings: [] }).join('；') })}</li>
              ))}
              {result.rejected.length > 10 && <li>{i('more', { n: result.rejected.length - 10 })}</li>}
            </ul>
          )}
        </Result>
      )}
    </Card>
  );
}
