import i18next, { type i18n } from 'i18next';
import { messagesEn } from './messages.en.ts';
import { messagesZhCN, type Messages } from './messages.zh-CN.ts';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export const messages: Record<Lang, Messages> = { 'zh-CN': messagesZhCN, en: messagesEn };

export function toLang(value: unknown): Lang {
  return value === 'en' || (typeof value === 'string' && value.startsWith('en')) ? 'en' : DEFAULT_LANG;
}

let backendI18n: i18n | undefined;

/** A translator for the backend's messages (synchronous; resources are bundled). */
export function translator(lang: Lang): (key: string, params?: Record<string, unknown>) => string {
  if (!backendI18n) {
    backendI18n = i18next.createInstance();
    void backendI18n.init({
      resources: { 'zh-CN': { translation: messagesZhCN }, en: { translation: messagesEn } },
      lng: DEFAULT_LANG,
      fallbackLng: DEFAULT_LANG,
      initAsync: false,
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    } as Parameters<i18n['init']>[0]);
  }
  const t = backendI18n.getFixedT(lang);
  return (key, params) => t(key, params ?? {}) as string;
}

export type { Messages };
