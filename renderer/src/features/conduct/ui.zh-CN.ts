// Screen texts of the conduct area (zh-CN).
export const conductZhCN = {
  menu: '',
};
