// Screen texts of the fuel screens (ui.fuel.*).
export const fuelZhCN = {
  menu: '燃油',
  audit: '单车耗油核算',
  fillups: '加油记录',
};
