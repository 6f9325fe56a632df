// The accident form's dispatch-ticket field: the vehicle's tickets out in the days up to the
// accident, the saved one kept choosable; picking one takes its driver.
import { Form, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Accident } from '../../../../shared/api/accidents.ts';
import type { TicketSummary } from '../../../../shared/api/dispatch.ts';
import { call } from '../../lib/api.ts';
import { searchFilter } from './parts.tsx';

/** The vehicle's tickets that were out in the days up to the accident, newest first. */
function useTickets(vehicleId: number | undefined, at: Dayjs | null | undefined, enabled: boolean) {
  const [tickets, setTickets] = useState<TicketSummary[]>([]);
  const day = at && at.isValid() ? at.format('YYYY-MM-DD') : null;
  useEffect(() => {
    if (!enabled || vehicleId === undefined) {
      setTickets([]);
      return;
    }
    let live = true;
    const to = day ? dayjs(day) : dayjs();
    void call('dispatch.list', {
      vehicleId,
      statuses: ['departed', 'returned', 'closed'],
      from: to.subtract(7, 'day').format('YYYY-MM-DD'),
      to: to.format('YYYY-MM-DD'),
      sortField: 'start',
      sortOrder: 'desc',
      page: 1,
      pageSize: 50,
    })
      .then((r) => live && setTickets(r.items))
      .catch(() => live && setTickets([]));
    return () => {
      live = false;
    };
  }, [vehicleId, day, enabled]);
  return tickets;
}

/** The ticketId field; off (and cleared by the form) in private use. */
export function TicketPicker({ form, accident }: { form: FormInstance; accident?: Accident }) {
  const { t } = useTranslation();
  const f = (k: string, o?: Record<string, unknown>) => t(`ui.accidents.form.${k}`, o);
  const vehicleId = Form.useWatch('vehicleId', form) as number | undefined;
  const occurredAt = Form.useWatch('occurredAt', form) as Dayjs | null | undefined;
  const privateUse = Form.useWatch('privateUse', form) === true;
  const tickets = useTickets(vehicleId, occurredAt, !privateUse);

  const ticketOptions = tickets.map((tk) => ({
    value: tk.id,
    label: f('ticketOption', { number: tk.number, at: tk.departedAt ?? tk.plannedDeparture, back: tk.returnedAt ?? f('notBack'), driver: tk.driverName, destination: tk.destination }),
    search: `${tk.number} ${tk.driverName} ${tk.destination}`,
  }));
  // The saved ticket stays choosable when it is outside the days shown.
  if (accident?.ticketId && accident.ticketNumber && !tickets.some((tk) => tk.id === accident.ticketId)) {
    ticketOptions.push({ value: accident.ticketId, label: accident.ticketNumber, search: accident.ticketNumber });
  }

  /** Picking a ticket takes its driver (the backend insists they match). */
  const onTicket = (id?: number) => {
    const tk = tickets.find((x) => x.id === id);
    if (tk && form.getFieldValue('driverId') !== tk.driverId) form.setFieldValue('driverId', tk.driverId);
  };

  return (
    <Form.Item name="ticketId" label={t('field.ticketId')} required={!privateUse} extra={privateUse ? undefined : vehicleId === undefined ? f('ticketPickVehicle') : tickets.length === 0 ? f('ticketNone') : f('ticketHint')}>
      <Select
        showSearch={{ filterOption: searchFilter }}
        allowClear
        disabled={privateUse}
        placeholder={privateUse ? f('ticketPrivate') : undefined}
        options={ticketOptions}
        onChange={onTicket}
        data-testid="accident-ticket"
      />
    </Form.Item>
  );
}
