// Small pieces shared by the dispatch screens: status and flag tags, the vehicle and driver
// choices, and the conversion of a date-time picker's value to the API's local minute.
import { Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketSummary } from '../../../../shared/api/dispatch.ts';
import type { Driver, Vehicle } from '../../../../shared/api/masterdata.ts';
import type { TicketStatus } from '../../../../shared/domain/dispatch.ts';
import { call } from '../../lib/api.ts';

export const MINUTE_FORMAT = 'YYYY-MM-DD HH:mm';

/** A picker's value → 'YYYY-MM-DD HH:mm', or undefined (the schema then says "required"). */
export function minuteOf(v: Dayjs | null | undefined): string | undefined {
  return v ? v.format(MINUTE_FORMAT) : undefined;
}

export function dayjsOf(minute: string | null | undefined): Dayjs | undefined {
  return minute ? dayjs(minute, MINUTE_FORMAT) : undefined;
}

const STATUS_COLORS: Record<TicketStatus, string> = {
  requested: 'gold',
  approved: 'blue',
  departed: 'processing',
  returned: 'cyan',
  closed: 'default',
  rejected: 'red',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`ticketStatus.${status}`)}</Tag>;
}

/** The ticket's flags: red while unresolved, grey once explained; "not back" while overdue. */
export function FlagTags({ ticket }: { ticket: Pick<TicketSummary, 'flags' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <>
      {ticket.overdue && (
        <Tag color="error" data-testid="overdue">
          {t('ui.dispatch.overdue')}
        </Tag>
      )}
      {ticket.flags.map((f, i) => (
        <Tooltip key={i} title={t(f.resolved ? 'ui.dispatch.flagResolved' : 'ui.dispatch.flagOpen')}>
          <Tag color={f.resolved ? 'default' : 'error'} data-testid={`flag-${f.kind}`}>
            {t(`flagKind.${f.kind}`)}
          </Tag>
        </Tooltip>
      ))}
    </>
  );
}

/** Vehicles and drivers for the choosers (the depot has a few hundred at most). */
export function useChoices() {
  const [vehicles, setVehicles] = useState<Vehicle[]>([]);
  const [drivers, setDrivers] = useState<Driver[]>([]);
  useEffect(() => {
    void call('vehicles.list', { page: 1, pageSize: 200 }).then((r) => setVehicles(r.items)).catch(() => undefined);
    void call('drivers.list', { page: 1, pageSize: 200 }).then((r) => setDrivers(r.items)).catch(() => undefined);
  }, []);
  return { vehicles, drivers };
}

export function vehicleOptions(vehicles: Vehicle[], t: (k: string) => string) {
  return vehicles.map((v) => ({ value: v.id, label: `${v.plate} · ${v.modelName} · ${t(`vehicleStatus.${v.status}`)}`, search: v.plate }));
}

export function driverOptions(drivers: Driver[], t: (k: string, o?: Record<string, unknown>) => string) {
  return drivers.map((d) => ({ value: d.id, label: t('ui.common.withNo', { name: d.name, no: d.employeeNo }), search: `${d.name} ${d.employeeNo}` }));
}
