// What each master-data area shows: its form fields (by kind) and its table columns. The
// conversion between what a person types (decimals, dates) and the API's integers happens
// here and only here, with the shared money helpers.
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { Driver, FuelStation, MasterArea, Part, RepairShop, Vehicle, VehicleModel } from '../../../../shared/api/masterdata.ts';
import { formatFen, formatFixed } from '../../../../shared/domain/money.ts';
import { PermitTag } from './PermitTag.tsx';

export type FieldKind = 'text' | 'textarea' | 'decimal' | 'int' | 'date' | 'bool' | 'model' | 'seasons';

export interface FieldDef {
  name: string;
  kind: FieldKind;
  /** label key when not `field.<name>` */
  label?: string;
}

export interface ColumnDef {
  key: string;
  /** label key in the shared catalogue (field.*) or the UI catalogue */
  title: string;
  sortField?: string;
  render(e: never, t: TFunction): ReactNode;
}

export interface AreaUi {
  fields: FieldDef[];
  columns: ColumnDef[];
  name(e: { id: number }): string;
}

const text = (name: string): FieldDef => ({ name, kind: 'text' });
const col = <E,>(key: string, render: (e: E, t: TFunction) => ReactNode, sortField?: string, title = `field.${key}`): ColumnDef => ({
  key,
  title,
  render: render as ColumnDef['render'],
  ...(sortField ? { sortField } : {}),
});
const plain = <E,>(key: keyof E & string, sortable = false) => col<E>(key, (e) => (e[key] as ReactNode) ?? '', sortable ? key : undefined);

const VEHICLE_STATUS_COLORS = { available: 'green', dispatched: 'blue', in_repair: 'orange', retired: 'default' } as const;

function modelLimits(m: VehicleModel, t: TFunction): string {
  const seasons = m.seasonalFloats.map((s) => t('ui.master.seasonal', { from: s.fromMonth, to: s.toMonth, float: formatFixed(s.float, 2) }));
  return `${formatFixed(m.fuelStandard, 2)} + ${formatFixed(m.floatOrdinary, 2)}${seasons.length ? t('ui.common.paren', { text: seasons.join(t('ui.common.sepLong')) }) : ''}`;
}

const contactFields = [text('name'), text('address'), text('contact'), text('phone')];
const contactColumns = [plain<RepairShop>('name', true), plain<RepairShop>('address'), plain<RepairShop>('contact'), plain<RepairShop>('phone')];
const byName = (e: { id: number }) => (e as unknown as { name: string }).name;

export const AREA_UI: Record<MasterArea, AreaUi> = {
  vehicles: {
    fields: [text('plate'), { name: 'modelId', kind: 'model' }, text('vin'), { name: 'purchaseDate', kind: 'date' }, text('parkingPlace'), { name: 'initialOdometerKm', kind: 'int' }, { name: 'note', kind: 'textarea' }],
    columns: [
      plain<Vehicle>('plate', true),
      col<Vehicle>('modelName', (v) => v.modelName, 'modelName', 'field.modelId'),
      col<Vehicle>('status', (v, t) => <Tag color={VEHICLE_STATUS_COLORS[v.status]}>{t(`vehicleStatus.${v.status}`)}</Tag>, 'status', 'ui.master.status'),
      plain<Vehicle>('parkingPlace'),
      col<Vehicle>('odometerKm', (v) => v.odometerKm.toLocaleString('en-US'), undefined, 'ui.master.odometer'),
      plain<Vehicle>('purchaseDate', true),
    ],
    name: (e) => (e as Vehicle).plate,
  },
  models: {
    fields: [text('name'), { name: 'fuelStandard', kind: 'decimal' }, { name: 'floatOrdinary', kind: 'decimal' }, { name: 'seasonalFloats', kind: 'seasons' }, { name: 'tankCapacity', kind: 'decimal' }, { name: 'maintenanceIntervalKm', kind: 'int' }],
    columns: [
      plain<VehicleModel>('name', true),
      col<VehicleModel>('limits', (m, t) => modelLimits(m, t), 'fuelStandard', 'field.fuelStandard'),
      col<VehicleModel>('tankCapacity', (m) => formatFixed(m.tankCapacity, 2)),
      col<VehicleModel>('maintenanceIntervalKm', (m) => m.maintenanceIntervalKm.toLocaleString('en-US')),
    ],
    name: byName,
  },
  drivers: {
    fields: [{ name: 'name', kind: 'text', label: 'field.displayName' }, text('employeeNo'), text('permitNo'), { name: 'permitValidFrom', kind: 'date' }, { name: 'permitValidTo', kind: 'date' }, text('phone')],
    columns: [
      plain<Driver>('employeeNo', true),
      col<Driver>('name', (d) => d.name, 'name', 'field.displayName'),
      plain<Driver>('permitNo'),
      col<Driver>('permitValidTo', (d) => `${d.permitValidFrom} ~ ${d.permitValidTo}`, 'permitValidTo', 'ui.master.permitValidity'),
      col<Driver>('permit', (d) => <PermitTag driver={d} />, undefined, 'ui.master.permit'),
      plain<Driver>('phone'),
    ],
    name: byName,
  },
  shops: { fields: contactFields, columns: contactColumns, name: byName },
  stations: { fields: contactFields, columns: contactColumns as ColumnDef[], name: (e) => (e as FuelStation).name },
  parts: {
    fields: [text('name'), text('unit'), { name: 'referencePriceFen', kind: 'decimal' }, { name: 'isMajor', kind: 'bool' }],
    columns: [
      plain<Part>('name', true),
      plain<Part>('unit'),
      col<Part>('referencePriceFen', (p) => formatFen(p.referencePriceFen), 'referencePriceFen'),
      col<Part>('isMajor', (p, t) => (p.isMajor ? <Tag color="volcano">{t('ui.master.major')}</Tag> : ''), 'isMajor'),
    ],
    name: byName,
  },
};
