import { de } from './lang/de.js';
import { en } from './lang/en.js';

export const DICTIONARIES = { de, en };
export const LANGUAGES = Object.keys(DICTIONARIES);

const fill = (text, params) =>
  text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));

/** "7", "7 und 8", "7, 8 und 9" */
const joinList = (dict, items) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')}${dict.listAnd}${items.at(-1)}`;

/**
 * A translator for one language. A missing key shows the key itself (a visible bug in a test),
 * never an empty screen.
 */
export const translator = (lang) => {
  const dict = DICTIONARIES[lang] ?? de;
  const t = (key, params = {}) => fill(dict[key] ?? key, params);
  /** Plural by `count`; `list` (array) is joined and also decides the count. */
  t.plural = (key, count, params = {}) => t(`${key}_${count === 1 ? 'one' : 'other'}`, { count, ...params });
  t.list = (key, items) => t.plural(key, items.length, { list: joinList(dict, items) });
  t.lang = lang;
  return t;
};

/** The button shows the other language in its own words, so someone who cannot read this one finds it. */
export const nextLanguage = (lang) => LANGUAGES[(LANGUAGES.indexOf(lang) + 1) % LANGUAGES.length];
