import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

/** One catalogue per language; German and French add a file here and nothing in the pages. */
export const resources = { en: { translation: en } } as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
