import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import agreements from './en.agreements.json';
import breaches from './en.breaches.json';
import records from './en.records.json';
import subProcessorList from './en.subprocessor-list.json';
import vocabularies from './en.vocabularies.json';

/**
 * One catalogue per language; German and French add files here and nothing in the pages. English is
 * split by area (records and monitoring; breaches, offboarding and the certificate check; the agreement's
 * instruction log; the organisation's own vocabulary terms; the check of a processor's published
 * sub-processor list), each file holding its own top-level keys.
 */
export const resources = {
  en: {
    translation: { ...en, ...records, ...breaches, ...agreements, ...vocabularies, ...subProcessorList },
  },
} as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
