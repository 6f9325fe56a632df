import type { policyLabelsZhCN } from './policy.zh-CN.ts';

export const policyLabelsEn: typeof policyLabelsZhCN = {
  policyGroup: {
    dispatch: '1. Dispatch log',
    maintenance: '2. Maintenance and repairs',
    fuel: '3. Fuel',
    accident: '4. Accidents',
    violations: '5. Violations and fines',
    assessment: '6. Monthly assessment',
    settlement: '7. Monthly settlement',
    drivers: 'Drivers',
  },
  policy: {
    dispatch: {
      unloggedMileageToleranceKm: 'Unlogged mileage tolerance (km)',
      maxDailyKm: 'Largest plausible distance a day (km)',
      closingTime: 'Depot closing time',
    },
    maintenance: { priceDeviationBp: 'Unit price above reference needing a reason (%)', routineReminderKm: 'Remind before routine maintenance (km)' },
    fuel: { unitPriceDeviationBp: 'Fuel price away from the month median flagged (%)', shareExcessByKm: 'Share excess penalty by kilometres driven' },
    accident: {
      liability: {
        full: { shareBp: 'Full liability: driver share (%)', capFen: 'Full liability: cap (yuan)' },
        main: { shareBp: 'Main liability: driver share (%)', capFen: 'Main liability: cap (yuan)' },
        equal: { shareBp: 'Equal liability: driver share (%)', capFen: 'Equal liability: cap (yuan)' },
        secondary: { shareBp: 'Secondary liability: driver share (%)', capFen: 'Secondary liability: cap (yuan)' },
        none: { shareBp: 'No liability: driver share (%)', capFen: 'No liability: cap (yuan)' },
      },
      subtractInsurance: 'Subtract insurance recovered from the basis',
      repeatCount: 'Accidents of main liability or worse that flag dismissal',
      repeatWindowDays: 'Within (days)',
    },
    violations: {
      privateUseDirectorFen: 'Private use: director/deputy fine (yuan)',
      privateUseDriverFen: 'Private use: driver fine (yuan)',
      overnightFen: 'Vehicle driven home / kept overnight: fine each time (yuan)',
      drinkingFen: 'Drinking at work or drink-driving: fine (yuan)',
      forcedPrivateTripFen: 'Director forcing a private trip: fine (yuan)',
      notParkedFen: 'Not parked at the designated place: fine (yuan)',
      points: {
        private_use: 'Private use: assessment points',
        overnight: 'Vehicle taken home or kept overnight: assessment points',
        not_parked: 'Not parked at the designated place: assessment points',
        drinking: 'Drinking or drink-driving: assessment points',
        police: 'Fined or detained by the police: assessment points',
        fuel_fraud: 'Falsified fuel records or serious excess: assessment points',
        forced_private_trip: 'Forcing a driver into a private trip: assessment points',
      },
      thirdInMonthDoubles: 'Third violation in a month doubles the heavier level',
    },
    assessment: {
      fullScore: 'Full score',
      payDeductionPerPointFen: 'Pay deduction per point (yuan)',
      payDeductionBelowScore: 'Deduct below this score',
      minScoreForBonus: 'Minimum score for the safety bonus',
    },
    settlement: {
      safetyBonusFen: 'Safety bonus (yuan a month)',
      groupLeaderBonusFen: "Group leader's safety bonus (yuan a month)",
      subsidyFenPer100Km: 'Safe-mileage subsidy (yuan per 100 km)',
    },
    drivers: { permitWarningDays: 'Warn before a permit expires (days)' },
  },
};
