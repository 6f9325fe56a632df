// Screen texts of the accidents area (zh-CN).
export const accidentsZhCN = {
  menu: '',
};
