// The demo depot's fill-ups: each vehicle is filled up on the way back from a trip whenever
// it has used about half its tank since the last fill, at a rate typical of its model; last month
// two vehicles burn more than their limit, and one fill of each anomaly is recorded. Made
// through the fuel service by the driver of the trip (the odd one by the fleet office). The
// captain has signed the month before last and, for last month, explained the anomalies
// except the station not on the list, leaving that and the over-limit vehicles to resolve.
import dayjs from 'dayjs';
import { fillupCreateInput } from '../../../../shared/api/fuel.ts';
import { expectedAmountFen } from '../../../../shared/domain/fuel.ts';
import { mulDiv } from '../../../../shared/domain/money.ts';
import { addMonths, monthOf } from '../../../../shared/domain/period.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import * as fuel from '../fuel/service.ts';
import * as signoff from '../fuel/signoff.ts';
import { actingAs, type DemoPeople } from './demo-trips.ts';

/** hundredths of L/100 km by model name: comfortably within each model's limit */
const RATE: Record<string, number> = { 东南: 1180, 五菱: 820, 江淮: 1250 };
/** vehicles (by index) that burn more than their limit last month */
const THIRSTY: Record<number, number> = { 1: 1580, 6: 1150 };

/** what the captain wrote for last month's anomalies */
const EXPLAINED: Record<string, string> = {
  over_tank: '发票升数录错，已与加油站核对',
  odometer_backwards: '驾驶员抄错里程表，已更正说明',
  duplicate_invoice: '同一张发票重复报销，已退回',
  price_far: '临时在高速服务区加油，价格偏高',
  amount_mismatch: '发票含洗车费 5 元',
  no_dispatch: '周日临时加油，已补出车说明',
};

export async function loadDemoFuel(ctx: LoggedInCtx, people: DemoPeople, vehicleIds: number[], driverIds: number[]): Promise<void> {
  const as = actingAs(ctx);
  const realNow = ctx.now;
  const lastMonth = addMonths(monthOf(dayjs(realNow).format('YYYY-MM-DD')), -1);
  const stations = await ctx.db.selectFrom('fuel_stations').select('id').where('retired_at', 'is', null).orderBy('id').execute();
  const driverUser = new Map(driverIds.map((id, i) => [id, people.drivers[i]!]));
  let invoice = 0;
  const fillAs = async (driverId: number, input: Record<string, unknown>, by = driverUser.get(driverId)!) => {
    ctx.now = dayjs(input.filledAt as string).add(30, 'minute').toDate();
    invoice += 1;
    return as(by, () => fuel.createFillup(ctx, fillupCreateInput.parse({ driverId, invoiceNo: `FP${String(2026000 + invoice)}`, ...input })));
  };
  try {
    for (const [vi, vehicleId] of vehicleIds.entries()) {
      const model = await ctx.db.selectFrom('vehicles as v').innerJoin('vehicle_models as m', 'm.id', 'v.model_id').select(['m.name', 'm.tank_capacity']).where('v.id', '=', vehicleId).executeTakeFirstOrThrow();
      const trips = await ctx.db
        .selectFrom('dispatch_tickets')
        .select(['driver_id', 'returned_at', 'odometer_in_km', 'distance_km', 'return_month'])
        .where('vehicle_id', '=', vehicleId)
        .where('status', 'in', ['returned', 'closed'])
        .orderBy('returned_at')
        .execute();
      let since = 0;
      for (const [ti, t] of trips.entries()) {
        since += t.distance_km ?? 0;
        const rate = t.return_month === lastMonth && THIRSTY[vi] ? THIRSTY[vi] : RATE[model.name]!;
        const litres = mulDiv(since, rate, 100);
        // refilled once about half the tank is used, so no fill is larger than the tank
        if (litres * 2 < model.tank_capacity) continue;
        const unitPriceFen = 758 + ((vi + ti) % 3) * 4;
        await fillAs(t.driver_id, {
          vehicleId,
          filledAt: dayjs(t.returned_at!).subtract(20, 'minute').format('YYYY-MM-DD HH:mm'),
          stationId: stations[(vi + ti) % stations.length]!.id,
          litres,
          unitPriceFen,
          amountFen: expectedAmountFen(litres, unitPriceFen),
          odometerKm: t.odometer_in_km,
          fullTank: ti % 5 !== 0,
        });
        since = 0;
      }
    }
    await anomalies(lastMonth);
    ctx.now = realNow;
    await as(people.captain, async () => {
      const before = addMonths(lastMonth, -1);
      for (const item of (await signoff.monthView(ctx, before)).items) {
        await signoff.resolve(ctx, { month: before, vehicleId: item.vehicleId, fillupId: item.fillupId ?? undefined, anomalyKind: item.anomalyKind ?? undefined, decision: 'explained', note: '已核实', dismissal: false });
      }
      await signoff.sign(ctx, before);
      for (const item of (await signoff.monthView(ctx, lastMonth)).items) {
        if (item.anomalyKind === null || item.anomalyKind === 'station_not_approved') continue;
        await signoff.resolve(ctx, { month: lastMonth, vehicleId: item.vehicleId, fillupId: item.fillupId!, anomalyKind: item.anomalyKind, decision: 'explained', note: EXPLAINED[item.anomalyKind] ?? '已核实', dismissal: false });
      }
    });
  } finally {
    ctx.now = realNow;
  }

  /** One fill of each anomaly last month, on vehicles 2 to 5. */
  async function anomalies(month: string) {
    const tripOf = async (vi: number, nth: number) =>
      ctx.db
        .selectFrom('dispatch_tickets')
        .select(['driver_id', 'departed_at', 'odometer_out_km'])
        .where('vehicle_id', '=', vehicleIds[vi]!)
        .where('return_month', '=', month)
        .where('status', 'in', ['returned', 'closed'])
        .orderBy('departed_at')
        .offset(nth)
        .limit(1)
        .executeTakeFirstOrThrow();
    const base = (t: { departed_at: string | null; odometer_out_km: number | null }, vi: number) => ({
      vehicleId: vehicleIds[vi],
      filledAt: dayjs(t.departed_at!).add(1, 'hour').format('YYYY-MM-DD HH:mm'),
      stationId: stations[0]!.id,
      litres: 2000,
      unitPriceFen: 762,
      amountFen: expectedAmountFen(2000, 762),
      odometerKm: t.odometer_out_km! + 20,
      fullTank: false,
    });
    // a Wuling filled beyond its 40 L tank
    const w = await tripOf(5, 2);
    await fillAs(w.driver_id, { ...base(w, 5), litres: 5200, amountFen: expectedAmountFen(5200, 762) });
    // the odometer written 500 km too low
    const b = await tripOf(2, 3);
    await fillAs(b.driver_id, { ...base(b, 2), odometerKm: b.odometer_out_km! - 500 });
    // an invoice number already used, at a station not on the list, 15 % dearer
    const s = await tripOf(3, 4);
    await fillAs(s.driver_id, { ...base(s, 3), stationId: undefined, stationName: '路边私人加油点', unitPriceFen: 890, amountFen: expectedAmountFen(2000, 890), invoiceNo: 'FP2026001' });
    // an amount that is not litres × price
    const a = await tripOf(4, 5);
    await fillAs(a.driver_id, { ...base(a, 4), amountFen: expectedAmountFen(2000, 762) + 500 });
    // a fill on a Sunday, when no vehicle goes out, entered by the fleet office from the fuel card
    const sunday = dayjs(`${month}-01`).day(7);
    await fillAs(driverIds[4]!, { ...base(a, 4), filledAt: sunday.hour(10).format('YYYY-MM-DD HH:mm'), odometerKm: undefined }, people.office);
  }
}
