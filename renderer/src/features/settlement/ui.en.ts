import type { settlementZhCN } from './ui.zh-CN.ts';

export const settlementEn: typeof settlementZhCN = {
  menu: '',
};
