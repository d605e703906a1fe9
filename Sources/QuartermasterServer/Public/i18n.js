// Message catalogs (/i18n/<lang>.json, flat "dotted.key": "text" maps) and locale-aware formatting.
export const LANGUAGES = ['en', 'fr'];
const STORAGE_KEY = 'qm.lang';
const catalogs = new Map(); // lang -> Promise<object>
const listeners = new Set();
let lang = 'en';
let messages = {};
let fallback = {};

function catalog(code) {
  if (!catalogs.has(code)) {
    const loading = fetch(`/i18n/${code}.json`, { headers: { Accept: 'application/json' } }).then((res) => {
      if (!res.ok) throw new Error(`Cannot load /i18n/${code}.json (HTTP ${res.status})`);
      return res.json();
    });
    loading.catch(() => catalogs.delete(code)); // allow a later retry
    catalogs.set(code, loading);
  }
  return catalogs.get(code);
}

/** Remembered choice first, then the browser's preferred languages, then English. */
export function detectLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(stored)) return stored;
  for (const tag of navigator.languages?.length ? navigator.languages : [navigator.language]) {
    const base = String(tag || '').toLowerCase().split('-')[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

export function getLanguage() { return lang; }

export async function setLanguage(code, { remember = true } = {}) {
  if (!LANGUAGES.includes(code)) code = 'en';
  const [chosen, english] = await Promise.all([catalog(code), catalog('en')]);
  lang = code;
  messages = chosen;
  fallback = english;
  if (remember) localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
  listeners.forEach((fn) => fn(code));
}

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** t('dashboard.title', {name: 'Ana'}) -> "Welcome, Ana". Unknown keys fall back to English, then to the key. */
export function t(key, params = {}) {
  const text = messages[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The BCP 47 tag for Intl: the browser's regional variant of the chosen language if it has one (fr-CA, en-GB). */
export function intlLocale() {
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  return tags.find((tag) => String(tag || '').toLowerCase().split('-')[0] === lang) || lang;
}

/** Formats an ISO-8601 string (or Date); returns the input unchanged if it is not a valid date. */
export function formatDate(value, options = { dateStyle: 'medium', timeStyle: 'short' }) {
  const date = value instanceof Date ? value : new Date(value);
  if (value == null || Number.isNaN(date.getTime())) return String(value ?? '');
  return new Intl.DateTimeFormat(intlLocale(), options).format(date);
}

/**
 * Formats a decimal amount given as a string ("1234.50") exactly: the string is handed to Intl as-is
 * (no binary float), and extra decimals beyond the currency's usual minor unit are kept, not rounded away.
 */
export function formatMoney(amount, currency) {
  const text = String(amount ?? '').trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return `${text} ${currency ?? ''}`.trim();
  try {
    const locale = intlLocale();
    const base = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const decimals = (text.split('.')[1] ?? '').length;
    const max = Math.min(20, Math.max(base.resolvedOptions().maximumFractionDigits, decimals));
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: max }).format(text);
  } catch {
    return `${text} ${currency ?? ''}`.trim(); // unknown currency code
  }
}
