// Labels of the policy page: its groups in DOMAIN.md order and every setting.
export const policyLabelsZhCN = {
  policyGroup: {
    dispatch: '一、派车登记',
    maintenance: '二、维修保养',
    fuel: '三、燃油',
    accident: '四、交通事故',
    violations: '五、违规处罚',
    assessment: '六、百分量化考核',
    settlement: '七、月度结算',
    drivers: '驾驶员',
  },
  policy: {
    dispatch: {
      unloggedMileageToleranceKm: '未登记里程容差（km）',
      maxDailyKm: '单日最大合理里程（km）',
      closingTime: '收车时间',
    },
    maintenance: { priceDeviationBp: '单价偏离参考价需说明的阈值（%）', routineReminderKm: '例保提前提醒（km）' },
    fuel: { unitPriceDeviationBp: '油价偏离当月中位数的异常阈值（%）', shareExcessByKm: '超耗罚款按各驾驶员里程分摊' },
    accident: {
      liability: {
        full: { shareBp: '全责：驾驶员承担比例（%）', capFen: '全责：封顶（元）' },
        main: { shareBp: '主要责任：驾驶员承担比例（%）', capFen: '主要责任：封顶（元）' },
        equal: { shareBp: '同等责任：驾驶员承担比例（%）', capFen: '同等责任：封顶（元）' },
        secondary: { shareBp: '次要责任：驾驶员承担比例（%）', capFen: '次要责任：封顶（元）' },
        none: { shareBp: '无责：驾驶员承担比例（%）', capFen: '无责：封顶（元）' },
      },
      subtractInsurance: '保险赔付从计算基数中扣除',
      repeatCount: '一年内主要及以上责任事故次数（达到即辞退标记）',
      repeatWindowDays: '统计期（天）',
    },
    violations: {
      privateUseDirectorFen: '公车私用：主任/副主任罚款（元）',
      privateUseDriverFen: '公车私用：驾驶员罚款（元）',
      overnightFen: '将车开回家或在家过夜：每次罚款（元）',
      drinkingFen: '班中饮酒或酒后驾车：罚款（元）',
      forcedPrivateTripFen: '主任强令驾驶员私用出车：罚款（元）',
      notParkedFen: '未停放在指定地点：罚款（元）',
      thirdInMonthDoubles: '同月第三次违规按较重一次加倍处罚',
      points: {
        private_use: '公车私用：考核扣分',
        overnight: '将车开回家或在家过夜：考核扣分',
        not_parked: '未停放在指定地点：考核扣分',
        drinking: '班中饮酒或酒后驾车：考核扣分',
        police: '被交警罚款或拘留：考核扣分',
        fuel_fraud: '虚报燃油或严重超耗：考核扣分',
        forced_private_trip: '强令驾驶员私用出车：考核扣分',
      },
    },
    assessment: {
      fullScore: '考核满分',
      payDeductionPerPointFen: '每低一分扣款（元）',
      payDeductionBelowScore: '低于此分数开始扣款',
      minScoreForBonus: '领取安全奖的最低分数',
    },
    settlement: {
      safetyBonusFen: '安全奖（元/月）',
      groupLeaderBonusFen: '车管组组长安全奖（元/月）',
      subsidyFenPer100Km: '安全里程补贴（元/百公里）',
    },
    drivers: { permitWarningDays: '上岗证到期提前提醒（天）' },
  },
};
