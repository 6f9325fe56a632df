import type { accidentsZhCN } from './ui.zh-CN.ts';

export const accidentsEn: typeof accidentsZhCN = {
  menu: '',
};
