import { Card, Col, List, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Driver } from '../../../../shared/api/masterdata.ts';
import { call } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { PermitTag } from '../masterdata/PermitTag.tsx';

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [permits, setPermits] = useState<Driver[]>([]);

  useEffect(() => {
    call('drivers.list', { page: 1, pageSize: 200, sortField: 'permitValidTo' })
      .then((r) => setPermits(r.items.filter((d) => d.permitState === 'expired' || d.permitState === 'expiring')))
      .catch(() => setPermits([]));
  }, []);

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('ui.home.welcome', { name: user.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">{t('ui.home.roles', { roles: user.roles.map((r) => t(`role.${r}`)).join(t('ui.common.sep')) })}</Typography.Text>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('ui.home.permits')}>
          <List
            dataSource={permits}
            locale={{ emptyText: t('ui.home.permitsNone') }}
            renderItem={(d) => (
              <List.Item extra={<PermitTag driver={d} />}>
                <List.Item.Meta title={t('ui.common.withNo', { name: d.name, no: d.employeeNo })} description={t('ui.common.labelled', { label: t('field.permitValidTo'), value: d.permitValidTo })} />
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
