import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages, toLang, type Lang } from '../../../shared/i18n/index.ts';
import { accidentsEn } from '../features/accidents/ui.en.ts';
import { accidentsZhCN } from '../features/accidents/ui.zh-CN.ts';
import { conductEn } from '../features/conduct/ui.en.ts';
import { conductZhCN } from '../features/conduct/ui.zh-CN.ts';
import { fuelEn } from '../features/fuel/ui.en.ts';
import { backupEn } from '../features/backup/ui.en.ts';
import { backupZhCN } from '../features/backup/ui.zh-CN.ts';
import { settlementPrintEn } from '../features/settlement/print/ui.en.ts';
import { settlementPrintZhCN } from '../features/settlement/print/ui.zh-CN.ts';
import { settlementEn } from '../features/settlement/ui.en.ts';
import { settlementZhCN } from '../features/settlement/ui.zh-CN.ts';
import { fuelZhCN } from '../features/fuel/ui.zh-CN.ts';
import { maintenanceEn } from '../features/maintenance/ui.en.ts';
import { maintenanceZhCN } from '../features/maintenance/ui.zh-CN.ts';
import { repairsEn } from '../features/repairs/ui.en.ts';
import { repairsZhCN } from '../features/repairs/ui.zh-CN.ts';
import { uiEn } from './ui.en.ts';
import { uiZhCN } from './ui.zh-CN.ts';

const LANG_KEY = 'depot.lang';

export function initialLang(): Lang {
  return toLang(localStorage.getItem(LANG_KEY) ?? 'zh-CN');
}

function applyLang(lang: Lang) {
  document.documentElement.lang = lang;
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
}

void i18next.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...messages['zh-CN'], ui: { ...uiZhCN, repairs: repairsZhCN, maintenance: maintenanceZhCN, fuel: fuelZhCN, accidents: accidentsZhCN, conduct: conductZhCN, settlement: settlementZhCN, settlementPrint: settlementPrintZhCN, backup: backupZhCN } } },
    en: { translation: { ...messages.en, ui: { ...uiEn, repairs: repairsEn, maintenance: maintenanceEn, fuel: fuelEn, accidents: accidentsEn, conduct: conductEn, settlement: settlementEn, settlementPrint: settlementPrintEn, backup: backupEn } } },
  },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
} as Parameters<typeof i18next.init>[0]);
applyLang(initialLang());

export async function setLang(lang: Lang): Promise<void> {
  localStorage.setItem(LANG_KEY, lang);
  applyLang(lang);
  await i18next.changeLanguage(lang);
}

export default i18next;
