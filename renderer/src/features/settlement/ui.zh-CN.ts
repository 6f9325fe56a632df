// Screen texts of the settlement area (zh-CN).
export const settlementZhCN = {
  menu: '',
};
