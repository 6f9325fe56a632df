// Screen texts of the fuel screens (ui.fuel.*).
export const fuelEn: typeof import('./ui.zh-CN.ts').fuelZhCN = {
  menu: 'Fuel',
  audit: 'Fuel audit',
  fillups: 'Fill-ups',
};
