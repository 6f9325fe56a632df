import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang } from '../../i18n/index.ts';

export function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented
      size="small"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      options={[
        { label: t('ui.lang.zh'), value: 'zh-CN' },
        { label: t('ui.lang.en'), value: 'en' },
      ]}
      onChange={(v) => void setLang(v === 'en' ? 'en' : 'zh-CN')}
    />
  );
}
