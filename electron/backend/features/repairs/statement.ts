// A shop's monthly statement: every order whose payment the manager office approved in the
// month, with its totals in fen from the order (never recomputed), for finance to print and
// export to Excel.
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { RepairStatement, repairStatementInput } from '../../../../shared/api/repairs.ts';
import { formatFixed } from '../../../../shared/domain/money.ts';
import { addMonths } from '../../../../shared/domain/period.ts';
import { safeFileName, sheetRow } from '../../../../shared/domain/spreadsheet-safety.ts';
import type { RepairStatus } from '../../../../shared/domain/repairs.ts';
import type { LoggedInCtx } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';

type Input = z.output<typeof repairStatementInput>;

export async function statement(ctx: LoggedInCtx, input: Input): Promise<RepairStatement> {
  const shop = await ctx.db.selectFrom('repair_shops').select(['id', 'name']).where('id', '=', input.shopId).executeTakeFirst();
  if (!shop) throw notFound('shops', input.shopId);
  const rows = await ctx.db
    .selectFrom('repair_orders as o')
    .innerJoin('vehicles as v', 'v.id', 'o.vehicle_id')
    .innerJoin('drivers as d', 'd.id', 'o.driver_id')
    .select(['o.id', 'o.number', 'o.status', 'v.plate', 'd.name as driver_name', 'o.payment_approved_at', 'o.parts_fen', 'o.labour_fen', 'o.total_fen'])
    .where('o.shop_id', '=', shop.id)
    .where('o.payment_approved_at', '>=', input.month)
    .where('o.payment_approved_at', '<', addMonths(input.month, 1))
    .orderBy('o.payment_approved_at')
    .orderBy('o.id')
    .execute();
  const orders = rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status as RepairStatus,
    plate: r.plate,
    driverName: r.driver_name,
    paymentApprovedAt: r.payment_approved_at!,
    partsFen: r.parts_fen,
    labourFen: r.labour_fen,
    totalFen: r.total_fen,
  }));
  const sum = (k: 'partsFen' | 'labourFen' | 'totalFen') => orders.reduce((s, o) => s + o[k], 0);
  return { month: input.month, shopId: shop.id, shopName: shop.name, orders, partsFen: sum('partsFen'), labourFen: sum('labourFen'), totalFen: sum('totalFen') };
}

/**
 * Excel keeps numbers as binary floating point; a yuan amount is written as the number its
 * exact two-decimal text denotes, so every cell shows the fen the backend computed.
 */
function yuan(fen: number): number {
  return Number(formatFixed(fen, 2));
}

export async function statementXlsx(ctx: LoggedInCtx, input: Input): Promise<{ fileName: string; base64: string }> {
  const s = await statement(ctx, input);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'depot';
  const ws = wb.addWorksheet('月结单');
  ws.addRow(sheetRow([`修理厂维修费用月结单 ${s.shopName} ${s.month}`])).font = { bold: true, size: 14 };
  ws.addRow(sheetRow([]));
  const header = ws.addRow(sheetRow(['序号', '维修单号', '车牌', '驾驶员', '批准付款时间', '材料费（元）', '工时费（元）', '合计（元）', '状态']));
  header.font = { bold: true };
  s.orders.forEach((o, i) => {
    ws.addRow(sheetRow([i + 1, o.number, o.plate, o.driverName, o.paymentApprovedAt, yuan(o.partsFen), yuan(o.labourFen), yuan(o.totalFen), o.status === 'paid' ? '已付款' : '待付款']));
  });
  const total = ws.addRow(sheetRow(['合计', `${s.orders.length} 单`, '', '', '', yuan(s.partsFen), yuan(s.labourFen), yuan(s.totalFen), '']));
  total.font = { bold: true };
  for (const col of [6, 7, 8]) ws.getColumn(col).numFmt = '#,##0.00';
  [6, 16, 12, 10, 18, 14, 14, 14, 10].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: safeFileName(`修理厂月结单-${s.shopName}-${s.month}.xlsx`), base64: buffer.toString('base64') };
}
