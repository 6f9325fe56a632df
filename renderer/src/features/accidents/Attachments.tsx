// An accident's attachments (photos, the police report): the list with who added each and
// when, a download of each, and the upload (read in the browser and sent as base64; over
// 10 MB refused here with the backend's own message, the type checked by the backend).
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, type Accident } from '../../../../shared/api/accidents.ts';
import { canCall } from '../../lib/access.ts';
import { call } from '../../lib/api.ts';
import { showApiError } from '../../lib/forms.ts';
import { useSession } from '../../lib/session.tsx';
import { downloadBase64 } from '../../lib/download.ts';
import { readBase64, sizeText } from './parts.tsx';

type Kind = (typeof ATTACHMENT_KINDS)[number];
type Attachment = Accident['attachments'][number];

export function Attachments({ accident: a, onChanged }: { accident: Accident; onChanged(a: Accident): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [kind, setKind] = useState<Kind>('photo');
  const [busy, setBusy] = useState(false);
  const x = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.attachments.${k}`, o);

  const upload = async (file: File) => {
    if (file.size > ATTACHMENT_MAX_BYTES) {
      void message.error(t('err.attachmentTooLarge'));
      return;
    }
    setBusy(true);
    try {
      const base64 = await readBase64(file);
      const r = await call('accidents.attach', { id: a.id, kind, fileName: file.name, base64 });
      void message.success(x('added', { name: file.name }));
      onChanged(r);
    } catch (err) {
      void message.error(showApiError(null, err, t));
    } finally {
      setBusy(false);
    }
  };

  const download = async (f: Attachment) => {
    try {
      const r = await call('accidents.attachment', { id: a.id, attachmentId: f.id });
      downloadBase64(r.fileName, r.base64, f.mimeType);
    } catch (err) {
      void message.error(showApiError(null, err, t));
    }
  };

  const columns = [
    { key: 'kind', title: x('kind'), width: 120, render: (_: unknown, f: Attachment) => t(`attachmentKind.${f.kind}`) },
    {
      key: 'name',
      title: x('name'),
      render: (_: unknown, f: Attachment) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => void download(f)} title={x('download')}>
          {f.fileName}
        </Button>
      ),
    },
    { key: 'size', title: x('size'), width: 100, align: 'right' as const, render: (_: unknown, f: Attachment) => sizeText(f.sizeBytes) },
    { key: 'added', title: x('addedBy'), width: 240, render: (_: unknown, f: Attachment) => x('addedAt', { name: f.addedByName, at: f.addedAt }) },
  ];

  return (
    <Card
      title={x('title')}
      extra={
        canCall(user.roles, 'accidents.attach') && (
          <Space wrap>
            <Select<Kind>
              value={kind}
              onChange={setKind}
              style={{ width: 140 }}
              aria-label={x('kind')}
              options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: t(`attachmentKind.${k}`) }))}
              data-testid="attachment-kind"
            />
            <Upload
              accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void upload(file);
                // sent through the API, not by the component
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy} data-testid="attachment-upload">
                {x('upload')}
              </Button>
            </Upload>
            <Typography.Text type="secondary">{x('limits')}</Typography.Text>
          </Space>
        )
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      {a.attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={x('none')} />
      ) : (
        <Table<Attachment> rowKey="id" size="small" pagination={false} dataSource={a.attachments} columns={columns} data-testid="attachments" />
      )}
    </Card>
  );
}
