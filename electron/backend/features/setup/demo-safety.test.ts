// The demo depot's accidents, violations and assessments, built through the services on two
// clocks: mid-month, and the first day of a month (when "this month" has hardly begun).
import { afterAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../testing/harness.ts';

const opened: Harness[] = [];
afterAll(async () => {
  for (const h of opened) await h.close();
});

async function demo(now: string) {
  const h = await openHarness({ demo: true, now });
  opened.push(h);
  return { h, captain: await h.as('duizhang'), office: await h.as('bangongshi'), director: await h.as('zhuren') };
}

describe('the demo depot: accidents, violations, assessments', () => {
  it('mid-month: a closed equal-liability accident with its share, a hidden one, one blocked by the unset main cap, one pending', async () => {
    const { captain, office, director } = await demo('2026-11-23T09:30:00');
    const list = await captain.ok('accidents.list', { pageSize: 50 });
    expect(list.total).toBe(4);
    const equal = list.items.find((a) => a.finding === 'equal')!;
    expect(equal).toMatchObject({ status: 'closed', closedMonth: '2026-10', costFen: 420000, insuranceFen: 150000, shareFen: 135000 });
    const equalFull = await captain.ok('accidents.get', { id: equal.id });
    expect(equalFull.share.words).toEqual(['费用 4,200.00 元 − 保险赔付 1,500.00 元 = 计算基数 2,700.00 元', '50% × 2,700.00 元 = 1,350.00 元，未超过封顶 1,500.00 元']);
    const hidden = list.items.find((a) => a.reporting === 'hidden')!;
    expect(hidden).toMatchObject({ status: 'closed', closedMonth: '2026-09', flags: ['hidden'] });
    const main = await captain.ok('accidents.get', { id: list.items.find((a) => a.finding === 'main')!.id });
    expect(main).toMatchObject({ status: 'open', shareFen: null });
    expect(main.closeBlockers[0]).toContain('请由主任或系统管理员在“政策设置 → 四、交通事故”中');
    expect(list.items.find((a) => a.finding === 'pending')).toMatchObject({ status: 'open', reporting: 'late' });

    const violations = await office.ok('violations.list', { pageSize: 50 });
    expect(violations.items.map((v) => v.kind).sort()).toEqual(['drinking', 'overnight', 'overnight', 'private_use']);
    expect(violations.items.filter((v) => v.flagId !== null)).toHaveLength(3);
    expect(violations.items.every((v) => v.consequence === null)).toBe(true);
    // the only dismissal flag is the engine seizure's
    expect((await director.ok('personnel.flags', {})).items.map((f) => f.sourceType)).toEqual(['repair']);

    const september = await office.ok('assessment.month', { month: '2026-09' });
    expect(september.signed).toMatchObject({ byName: '许文静', role: 'fleet_office' });
    expect(september.counts.deducted).toBeGreaterThanOrEqual(3);
    const october = await office.ok('assessment.month', { month: '2026-10' });
    expect(october).toMatchObject({ signed: null, canSign: true });
    expect(october.counts.deducted).toBeGreaterThanOrEqual(2);
  });

  it('on the first day of a month the demo still loads, with every record dated in the past', async () => {
    const { captain, office } = await demo('2026-12-01T07:00:00');
    const list = await captain.ok('accidents.list', { pageSize: 50 });
    expect(list.total).toBeGreaterThanOrEqual(3);
    expect(list.items.every((a) => a.occurredAt < '2026-12-01 07:00')).toBe(true);
    expect((await office.ok('assessment.month', { month: '2026-10' })).signed).not.toBeNull();
  });
});
