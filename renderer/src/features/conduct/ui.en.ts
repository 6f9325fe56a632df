import type { conductZhCN } from './ui.zh-CN.ts';

export const conductEn: typeof conductZhCN = {
  menu: '',
};
