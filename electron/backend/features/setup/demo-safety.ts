// The demo depot's accidents, violations and assessments, made through the same services as
// anything a person enters. Accidents: one of equal liability closed last month (its share
// under the cap), one hidden accident closed the month before, one of main liability this month
// that waits for the director to set the main cap, and one waiting for the police finding.
// Violations: recorded by the fleet office from a few older, already explained dispatch flags
// (the recent flags stay for the reviewer), and a drinking case entered by hand. The fleet
// office has signed the month before last's assessment and started last month's.
import dayjs from 'dayjs';
import { accidentCloseInput, accidentCreateInput } from '../../../../shared/api/accidents.ts';
import { assessmentDeductInput, violationCreateInput, violationFromFlagInput } from '../../../../shared/api/conduct.ts';
import { addMonths, monthOf } from '../../../../shared/domain/period.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import * as accidents from '../accidents/service.ts';
import * as assessment from '../conduct/assessment.ts';
import * as violations from '../conduct/violations.ts';
import { actingAs, type DemoPeople } from './demo-trips.ts';

const minute = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD HH:mm');

export async function loadDemoSafety(ctx: LoggedInCtx, people: DemoPeople, driverIds: number[]): Promise<void> {
  const as = actingAs(ctx);
  const realNow = ctx.now;
  const today = dayjs(realNow).startOf('day');
  const thisMonth = monthOf(today.format('YYYY-MM-DD'));
  const lastMonth = addMonths(thisMonth, -1);
  const monthBefore = addMonths(thisMonth, -2);
  /** a returned trip of this driver whose return falls in the range, the nth found */
  const tripOf = async (driverIndex: number, from: dayjs.Dayjs, to: dayjs.Dayjs) =>
    ctx.db
      .selectFrom('dispatch_tickets')
      .select(['id', 'vehicle_id', 'driver_id', 'departed_at', 'returned_at'])
      .where('driver_id', '=', driverIds[driverIndex]!)
      .where('status', 'in', ['returned', 'closed'])
      .where('returned_at', '>=', minute(from))
      .where('returned_at', '<', minute(to))
      .orderBy('returned_at')
      .executeTakeFirst();
  /** an accident halfway through a trip, recorded the next morning by the fleet captain */
  const accidentOn = async (trip: NonNullable<Awaited<ReturnType<typeof tripOf>>>, fields: Record<string, unknown>) => {
    const out = dayjs(trip.departed_at!);
    const at = out.add(dayjs(trip.returned_at!).diff(out, 'minute') / 2, 'minute');
    ctx.now = at.add(1, 'day').hour(9).toDate();
    if (ctx.now > realNow) ctx.now = realNow;
    const input = accidentCreateInput.parse({ occurredAt: minute(at), vehicleId: trip.vehicle_id, driverId: trip.driver_id, ticketId: trip.id, ...fields });
    return as(people.captain, () => accidents.createAccident(ctx, input));
  };
  const closeOn = async (id: number, day: dayjs.Dayjs, note: string) => {
    ctx.now = day.hour(16).toDate();
    await as(people.captain, () => accidents.closeAccident(ctx, accidentCloseInput.parse({ id, note })));
  };

  try {
    const monthBeforeStart = dayjs(`${monthBefore}-01`);
    const lastMonthStart = dayjs(`${lastMonth}-01`);

    // Violations from older flags already explained: two overnight returns and one unlogged gap.
    const flags = await ctx.db
      .selectFrom('dispatch_flags as f')
      .innerJoin('dispatch_tickets as t', 't.id', 'f.ticket_id')
      .select(['f.id', 'f.kind', 't.returned_at', 't.driver_id'])
      .where('f.resolved_at', 'is not', null)
      .where('t.returned_at', '>=', minute(monthBeforeStart))
      .orderBy('t.returned_at')
      .execute();
    // Two different drivers for the overnight returns: a repeat would flag the driver for dismissal.
    const overnight = flags.filter((f) => f.kind === 'overnight').filter((f, i, all) => all.findIndex((g) => g.driver_id === f.driver_id) === i);
    const picked = [...overnight.slice(0, 2), ...flags.filter((f) => f.kind === 'unlogged_mileage').slice(0, 1)];
    for (const f of picked) {
      ctx.now = dayjs(f.returned_at!).add(1, 'day').hour(10).toDate();
      const description = f.kind === 'overnight' ? '收车后将车辆开回家中过夜，经核实属实' : '出车前里程与上次收车里程不符，驾驶员承认私用车辆办事';
      await as(people.office, () => violations.violationFromFlag(ctx, violationFromFlagInput.parse({ flagId: f.id, description })));
    }
    // Drinking at lunch before an afternoon trip, found by the group leader.
    ctx.now = lastMonthStart.add(11, 'day').hour(15).toDate();
    await as(people.office, () =>
      violations.createViolation(ctx, violationCreateInput.parse({ kind: 'drinking', offenderRole: 'driver', driverId: driverIds[5], occurredOn: lastMonthStart.add(11, 'day').format('YYYY-MM-DD'), description: '午餐饮酒后准备出车，被组长发现并制止' })),
    );

    // The month before last: a secondary-liability scrape the driver did not report, found at
    // the routine check and closed that month.
    const hiddenTrip = await tripOf(3, monthBeforeStart.add(3, 'day'), monthBeforeStart.add(25, 'day'));
    if (hiddenTrip) {
      const a = await accidentOn(hiddenTrip, {
        place: '新区配送点装卸区',
        description: '倒车时刮擦配送点围墙，未及时报告，例保检查时发现车尾凹陷',
        finding: 'secondary',
        reporting: 'hidden',
        costs: [{ kind: 'own_repair', amountFen: 86000, note: '后保险杠钣金喷漆' }, { kind: 'third_party', amountFen: 30000, note: '围墙修补' }],
      });
      await closeOn(a.id, monthBeforeStart.add(27, 'day'), '按次要责任结案');
    }

    // Last month: an equal-liability collision at a crossing, insurance recovered, closed.
    const equalTrip = await tripOf(2, lastMonthStart.add(4, 'day'), lastMonthStart.add(20, 'day'));
    if (equalTrip) {
      const a = await accidentOn(equalTrip, {
        place: '人民路与东环路交叉口',
        description: '路口左转时与直行电动车碰撞，双方车辆受损，电动车驾驶人轻微擦伤',
        finding: 'equal',
        findingNo: '苏公交认字〔2026〕第 0815 号',
        reporting: 'in_time',
        costs: [
          { kind: 'own_repair', amountFen: 240000, note: '前保险杠、大灯' },
          { kind: 'third_party', amountFen: 120000, note: '电动车维修' },
          { kind: 'medical', amountFen: 60000, note: '门诊费' },
        ],
        insuranceFen: 150000,
      });
      await closeOn(a.id, lastMonthStart.add(24, 'day'), '保险理赔到账后结案');
    }

    // This month (or late last month early in a month): a rear-end collision of main liability.
    // The main cap is blank in the regulation, so it waits for the director.
    const recent = today.subtract(20, 'day');
    const mainTrip = await tripOf(6, recent, today);
    if (mainTrip) {
      await accidentOn(mainTrip, {
        place: '城东路高架下匝道',
        description: '下匝道时未保持安全车距，追尾前车',
        finding: 'main',
        findingNo: '苏公交认字〔2026〕第 1102 号',
        reporting: 'in_time',
        costs: [
          { kind: 'own_repair', amountFen: 300000, note: '前脸、水箱' },
          { kind: 'third_party', amountFen: 200000, note: '前车后保险杠' },
        ],
        insuranceFen: 100000,
      });
    }
    // Waiting for the police finding.
    const pendingTrip = await tripOf(8, recent, today);
    if (pendingTrip) {
      await accidentOn(pendingTrip, { place: '工业园区星湖街', description: '停车卸货时被后方货车碰擦左侧车门，等待交警认定', reporting: 'late', costs: [{ kind: 'own_repair', amountFen: 45000, note: '左前门' }] });
    }

    // The assessment: the month before last scored and signed, last month started.
    const items = await ctx.db.selectFrom('assessment_items').select(['id', 'subject']).where('retired_at', 'is', null).orderBy('id').execute();
    const driverItems = items.filter((i) => i.subject === 'driver').map((i) => i.id);
    const vehicleItems = items.filter((i) => i.subject === 'vehicle').map((i) => i.id);
    const vehicleIds = (await ctx.db.selectFrom('vehicles').select('id').orderBy('id').execute()).map((v) => v.id);
    const deduct = (month: string, subject: 'driver' | 'vehicle', subjectId: number, itemId: number, note?: string) =>
      as(people.office, () => assessment.deduct(ctx, assessmentDeductInput.parse({ month, subject, subjectId, itemId, note })));
    ctx.now = lastMonthStart.add(1, 'day').hour(9).toDate();
    await deduct(monthBefore, 'driver', driverIds[1]!, driverItems[0]!, '周三出车前未检查轮胎气压');
    await deduct(monthBefore, 'driver', driverIds[1]!, driverItems[1]!);
    await deduct(monthBefore, 'driver', driverIds[4]!, driverItems[2]!, '钥匙次日才交回');
    await deduct(monthBefore, 'driver', driverIds[9]!, driverItems[3]!);
    await deduct(monthBefore, 'vehicle', vehicleIds[2]!, vehicleItems[0]!);
    await deduct(monthBefore, 'vehicle', vehicleIds[7]!, vehicleItems[2]!);
    ctx.now = lastMonthStart.add(2, 'day').hour(10).toDate();
    await as(people.office, () => assessment.sign(ctx, monthBefore));
    ctx.now = today.hour(8).toDate() < realNow ? today.hour(8).toDate() : realNow;
    await deduct(lastMonth, 'driver', driverIds[3]!, driverItems[0]!, '雨天出车前未检查雨刮');
    await deduct(lastMonth, 'driver', driverIds[10]!, driverItems[4]!);
    await deduct(lastMonth, 'vehicle', vehicleIds[4]!, vehicleItems[1]!, '机油尺低于下限');
  } finally {
    ctx.now = realNow;
  }
}
