// Three months of trips for the demo depot, made through the dispatch service by the people
// who would make them (drivers request and check in, the director approves, the fleet office
// closes), so every ticket has its timeline and audit rows. A few are flagged: unlogged
// mileage, overnight, not parked; the older flags are explained, the recent ones wait for review.
import dayjs from 'dayjs';
import {
  dispatchApproveInput,
  dispatchCheckInInput,
  dispatchCheckOutInput,
  dispatchRequestInput,
} from '../../../../shared/api/dispatch.ts';
import type { User } from '../../../../shared/api/accounts.ts';
import type { Role } from '../../../../shared/domain/roles.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import { getTicket } from '../dispatch/queries.ts';
import * as dispatch from '../dispatch/service.ts';

const ROUTES = ['城东线：城东路—南环路', '城西线：西环路—工业园', '高新区线：长江路—星湖街', '老城区线：人民路—观前街', '开发区线：金鸡湖大道', '北部线：北环—相城'];
const ERRANDS = ['送文件至市局', '参加区局安全会议', '接送检查组', '到维修厂取车', '市场走访'];

/** The working days before today with trips (no deliveries on Sundays): with today, 13 weeks of six days, about three months. */
const WORKING_DAYS = 77;

export interface DemoPeople {
  director: User;
  deputy: User;
  office: User;
  captain: User;
  manager: User;
  finance: User;
  /** the user account of each driver, by driver index */
  drivers: User[];
}

/** Runs `fn` as `user` (in their first role), as if they had logged in and done it. */
export function actingAs(ctx: LoggedInCtx) {
  const admin = ctx.actor;
  return async <T>(user: User, fn: () => Promise<T>): Promise<T> => {
    const role: Role = user.roles[0]!;
    ctx.actor = { userId: user.id, username: user.username, displayName: user.displayName, roles: user.roles, role, driverId: user.driverId };
    try {
      return await fn();
    } finally {
      ctx.actor = admin;
    }
  };
}

export async function loadDemoTrips(ctx: LoggedInCtx, people: DemoPeople, vehicles: { id: number; km: number }[], driverIds: number[], rand: () => number): Promise<void> {
  const realNow = ctx.now;
  const as = actingAs(ctx);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const minute = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD HH:mm');
  const today = dayjs(realNow).startOf('day');
  // Drivers 0..13 drive; driver 14's permit has expired. Vehicle i has its regular driver i.
  const activeDrivers = driverIds.slice(0, 14);

  try {
    await trips();
  } finally {
    ctx.now = realNow;
  }

  /**
   * The days with trips as days before today, oldest first: the last working days, then today
   * even on a Sunday (the board always has the day's trips to show). The same number of days on
   * any date, so the demo is the same whatever the day of the week.
   */
  function tripDays(): number[] {
    const backs: number[] = [];
    for (let back = 1; backs.length < WORKING_DAYS; back++) if (today.subtract(back, 'day').day() !== 0) backs.unshift(back);
    return [...backs, 0];
  }

  async function trips() {
    for (const back of tripDays()) {
      const day = today.subtract(back, 'day');
      const isToday = back === 0;
      const count = isToday ? 6 : 6 + Math.floor(rand() * 4);
      const used = new Set<number>();
      for (let n = 0; n < count; n++) {
        let vi = Math.floor(rand() * vehicles.length);
        while (used.has(vi)) vi = (vi + 1) % vehicles.length;
        used.add(vi);
        const vehicle = vehicles[vi]!;
        const di = rand() < 0.85 ? vi : 12 + Math.floor(rand() * 2);
        if (used.has(100 + di)) continue;
        used.add(100 + di);
        const driverUser = people.drivers[di]!;
        const delivery = rand() < 0.8;
        const start = day.hour(7).minute(30 + Math.floor(rand() * 60));
        const plannedReturn = delivery ? day.hour(17).minute(0) : start.add(2 + Math.floor(rand() * 4), 'hour');
        // Requested the afternoon before (or that morning), by the driver or the fleet office.
        const requestedAt = back === 0 ? day.hour(7) : day.subtract(1, 'day').hour(15).minute(Math.floor(rand() * 60));
        ctx.now = requestedAt.toDate();
        const requester = rand() < 0.7 ? driverUser : people.office;
        const t = await as(requester, () =>
          dispatch.requestTicket(
            ctx as LoggedInCtx,
            dispatchRequestInput.parse({
              vehicleId: vehicle.id,
              driverId: activeDrivers[di],
              purposeKind: delivery ? 'delivery' : 'official',
              destination: delivery ? pick(ROUTES) : pick(ERRANDS),
              purposeNote: delivery ? `配送 ${10 + Math.floor(rand() * 20)} 户` : undefined,
              plannedDeparture: minute(start),
              plannedReturn: minute(plannedReturn),
            }),
          ),
        );
        if (isToday && n === 0) continue; // still waiting for the director
        // Now and then the director approves by phone and it is entered at departure.
        const byPhone = rand() < 0.05;
        ctx.now = (byPhone ? start : requestedAt.add(20, 'minute')).toDate();
        await as(rand() < 0.85 ? people.director : people.deputy, () =>
          dispatch.approveTicket(ctx as LoggedInCtx, dispatchApproveInput.parse({ id: t.id, byPhone, approvedAt: byPhone ? minute(start.subtract(10, 'minute')) : undefined })),
        );
        if (isToday && n === 1) continue; // approved, not gone yet
        const unlogged = !isToday && rand() < 0.015;
        const out = vehicle.km + (unlogged ? 25 + Math.floor(rand() * 40) : 0);
        ctx.now = start.add(2, 'minute').toDate();
        await as(driverUser, () => dispatch.checkOut(ctx as LoggedInCtx, dispatchCheckOutInput.parse({ id: t.id, departedAt: minute(start), odometerOutKm: out })));
        vehicle.km = out;
        if (isToday) continue; // out on the road now
        const overnight = rand() < 0.012;
        const back_ = overnight ? day.add(1, 'day').hour(7).minute(10) : day.hour(15).minute(Math.floor(rand() * 270));
        const returnedAt = back_.isBefore(start) ? start.add(1, 'hour') : back_;
        const distance = delivery ? 60 + Math.floor(rand() * 160) : 10 + Math.floor(rand() * 60);
        const parked = rand() > 0.01;
        ctx.now = returnedAt.add(3, 'minute').toDate();
        await as(driverUser, () =>
          dispatch.checkIn(
            ctx as LoggedInCtx,
            dispatchCheckInInput.parse({ id: t.id, returnedAt: minute(returnedAt), odometerInKm: out + distance, parkedAtPlace: parked, parkingNote: parked ? undefined : '停在配送点院内' }),
          ),
        );
        vehicle.km = out + distance;
        if (back <= 2) continue; // the latest returns are still to be reviewed
        ctx.now = returnedAt.add(1, 'day').hour(9).toDate();
        const detail = await as(people.office, () => getTicket(ctx as LoggedInCtx, t.id));
        if (back < 10 && detail.flagDetails.length > 0) continue; // recent flags wait for the reviewer
        for (const f of detail.flagDetails) {
          await as(people.office, () => dispatch.resolveFlag(ctx as LoggedInCtx, { flagId: f.id, explanation: '已向驾驶员核实，情况属实，已批评教育' }));
        }
        await as(people.office, () => dispatch.closeTicket(ctx as LoggedInCtx, { id: t.id }));
      }
    }
  }
}
