// A small depot made through the real API, as the admin makes one: a vehicle model (the 东南 by
// default), vehicles by plate and km, drivers by name and employee number with valid permits,
// repair shops and fuel stations, the staff users and driver users linked to named drivers, all
// with the password demo1234. Returns the ids by plate, name and username. Used by the tests only.
import type { MethodInput } from '../../../shared/api/index.ts';
import type { Role } from '../../../shared/domain/roles.ts';
import type { Caller } from './harness.ts';

/** The staff users, in the order they are made, with their display name and role. */
export const STAFF = {
  zhuren: { displayName: '郑主任', role: 'director' },
  fuzhuren: { displayName: '冯副主任', role: 'deputy_director' },
  bangongshi: { displayName: '许文静', role: 'fleet_office' },
  duizhang: { displayName: '韩队长', role: 'fleet_captain' },
  jingli: { displayName: '经理室', role: 'manager_office' },
  caiwu: { displayName: '财务', role: 'finance' },
} as const satisfies Record<string, { displayName: string; role: Role }>;
export type StaffUsername = keyof typeof STAFF;

/** 东南: 9.50 L/100 km with a 4.50 float, a 50 L tank, serviced every 5 000 km. */
export const SOUTHEAST: MethodInput<'models.create'> = { name: '东南', fuelStandard: 950, floatOrdinary: 450, seasonalFloats: [], tankCapacity: 5000, maintenanceIntervalKm: 5000 };

export interface DepotSpec<P extends string = string, N extends string = string, S extends string = string, T extends string = string, U extends string = string> {
  /** changes to the 东南 model */
  model?: Partial<MethodInput<'models.create'>>;
  /** plate → initial odometer km, made in this order */
  vehicles: Record<P, number>;
  /** every vehicle's parking place, or one per vehicle by its index; 车库 by default */
  parking?: string | ((index: number) => string);
  /** name → employee number (permit P-<employee number>, valid 2020-01-01 to 2029-12-31), made in this order */
  drivers: Record<N, string | { employeeNo: string; permitNo?: string; permitValidTo?: string }>;
  shops?: S[];
  stations?: T[];
  /** the staff users made (in the order of STAFF whatever the order here); all of them by default */
  staff?: StaffUsername[];
  /** other display names for staff users */
  staffNames?: Partial<Record<StaffUsername, string>>;
  /** username → the driver's name (display name and link), or with other roles than ['driver']; made after the staff */
  driverUsers?: Record<U, NoInfer<N> | { driver: NoInfer<N>; roles: Role[] }>;
}

export interface Depot<P extends string = string, N extends string = string, S extends string = string, T extends string = string, U extends string = string> {
  modelId: number;
  /** by plate */
  vehicles: Record<P, number>;
  /** by name */
  drivers: Record<N, number>;
  /** by name */
  shops: Record<S, number>;
  /** by name */
  stations: Record<T, number>;
  /** by username: the staff made and the driver users */
  users: Record<StaffUsername | U, number>;
}

export async function seedDepot<P extends string, N extends string, S extends string = never, T extends string = never, U extends string = never>(
  admin: Caller,
  spec: DepotSpec<P, N, S, T, U>,
): Promise<Depot<P, N, S, T, U>> {
  const depot: Depot = { modelId: 0, vehicles: {}, drivers: {}, shops: {}, stations: {}, users: {} };
  depot.modelId = (await admin.ok('models.create', { ...SOUTHEAST, ...spec.model })).id;
  const parking = spec.parking ?? '车库';
  let i = 0;
  for (const [plate, km] of Object.entries<number>(spec.vehicles)) {
    const parkingPlace = typeof parking === 'string' ? parking : parking(i);
    depot.vehicles[plate] = (await admin.ok('vehicles.create', { plate, modelId: depot.modelId, parkingPlace, initialOdometerKm: km })).id;
    i++;
  }
  for (const [name, d] of Object.entries<DepotSpec['drivers'][string]>(spec.drivers)) {
    const { employeeNo, permitNo = `P-${employeeNo}`, permitValidTo = '2029-12-31' } = typeof d === 'string' ? { employeeNo: d } : d;
    depot.drivers[name] = (await admin.ok('drivers.create', { name, employeeNo, permitNo, permitValidFrom: '2020-01-01', permitValidTo })).id;
  }
  for (const name of spec.shops ?? []) depot.shops[name] = (await admin.ok('shops.create', { name })).id;
  for (const name of spec.stations ?? []) depot.stations[name] = (await admin.ok('stations.create', { name })).id;
  const user = async (username: string, displayName: string, roles: Role[], driverId: number | null) => {
    depot.users[username] = (await admin.ok('users.create', { username, displayName, password: 'demo1234', roles, driverId })).id;
  };
  const staff = spec.staff ?? (Object.keys(STAFF) as StaffUsername[]);
  for (const [username, s] of Object.entries(STAFF) as [StaffUsername, (typeof STAFF)[StaffUsername]][]) {
    if (staff.includes(username)) await user(username, spec.staffNames?.[username] ?? s.displayName, [s.role], null);
  }
  for (const [username, u] of Object.entries<string | { driver: string; roles: Role[] }>(spec.driverUsers ?? {})) {
    const { driver, roles } = typeof u === 'string' ? { driver: u, roles: ['driver'] as Role[] } : u;
    const driverId = depot.drivers[driver];
    if (driverId === undefined) throw new Error(`driver user ${username}: no driver named ${driver}`);
    await user(username, driver, roles, driverId);
  }
  return depot as Depot<P, N, S, T, U>;
}
