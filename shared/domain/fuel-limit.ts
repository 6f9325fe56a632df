// Fuel limits per vehicle model: standard + the month's float, in hundredths of L/100 km.
import { monthInRange, monthNumber, type MonthKey } from './period.ts';

export interface SeasonalFloat {
  fromMonth: number;
  toMonth: number;
  /** hundredths of L/100 km */
  float: number;
}

export interface ModelFuelSpec {
  /** hundredths of L/100 km, e.g. 950 for 9.5 */
  fuelStandard: number;
  /** hundredths of L/100 km for ordinary months */
  floatOrdinary: number;
  seasonalFloats: SeasonalFloat[];
}

/** The float in force for a month: the seasonal float when the month is in a seasonal range, else the ordinary one. */
export function floatForMonth(spec: ModelFuelSpec, month: MonthKey): number {
  const m = monthNumber(month);
  const seasonal = spec.seasonalFloats.find((s) => monthInRange(m, s.fromMonth, s.toMonth));
  return seasonal ? seasonal.float : spec.floatOrdinary;
}

/** The month's limit in hundredths of L/100 km. */
export function limitForMonth(spec: ModelFuelSpec, month: MonthKey): number {
  return spec.fuelStandard + floatForMonth(spec, month);
}
