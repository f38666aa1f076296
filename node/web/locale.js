// locale.js: dates, numbers and plurals of the interface languages when
// the browser lacks a language's locale data (i18n.js asks hasLocale()
// and uses Intl when it can).
//
// A browser without, say, Icelandic locale data formats 'is-IS' as its
// default locale (English) and says so in resolvedOptions().locale. Then
// dates, numbers and plurals come from these tables instead: month and
// day names, the date and time patterns and the plural rule of each
// interface language, the same as the CLDR data Intl would use (the
// browser tests compare them with Intl in a browser that has the data).

const FALLBACK = {
  en: {
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    short: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'],
    days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    date: '{d} {M} {y}', time: '{HH}:{mm}', clock: '{HH}:{mm}:{ss}', group: ',',
  },
  sv: {
    months: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
    short: ['jan.', 'feb.', 'mars', 'apr.', 'maj', 'juni', 'juli', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
    days: ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'],
    date: '{d} {M} {y}', time: '{HH}:{mm}', clock: '{HH}:{mm}:{ss}', group: '\u00a0',
  },
  da: {
    months: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
    short: ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
    days: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
    day: '{d}.', date: '{d}. {M} {y}', time: '{HH}.{mm}', clock: '{HH}.{mm}.{ss}', group: '.',
  },
  nb: {
    months: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
    short: ['jan', 'feb', 'mar', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'des'],
    days: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
    day: '{d}.', date: '{d}. {M} {y}', time: '{HH}:{mm}', clock: '{HH}:{mm}:{ss}', group: '\u00a0',
  },
  fi: {
    months: ['tammikuuta', 'helmikuuta', 'maaliskuuta', 'huhtikuuta', 'toukokuuta', 'kesäkuuta', 'heinäkuuta', 'elokuuta', 'syyskuuta', 'lokakuuta', 'marraskuuta', 'joulukuuta'],
    short: ['tammi', 'helmi', 'maalis', 'huhti', 'touko', 'kesä', 'heinä', 'elo', 'syys', 'loka', 'marras', 'joulu'],
    days: ['sunnuntai', 'maanantai', 'tiistai', 'keskiviikko', 'torstai', 'perjantai', 'lauantai'],
    date: '{d}. {M} {y}', time: '{HH}.{mm}', clock: '{HH}.{mm}.{ss}', group: '\u00a0',
  },
  is: {
    months: ['janúar', 'febrúar', 'mars', 'apríl', 'maí', 'júní', 'júlí', 'ágúst', 'september', 'október', 'nóvember', 'desember'],
    short: ['jan.', 'feb.', 'mar.', 'apr.', 'maí', 'jún.', 'júl.', 'ágú.', 'sep.', 'okt.', 'nóv.', 'des.'],
    days: ['sunnudagur', 'mánudagur', 'þriðjudagur', 'miðvikudagur', 'fimmtudagur', 'föstudagur', 'laugardagur'],
    date: '{d}. {M} {y}', time: '{HH}:{mm}', clock: '{HH}:{mm}:{ss}', group: '.',
  },
};

// The interface languages' locales (as UI_LANGS in i18n.js).
const LOCALES = { sv: 'sv-SE', da: 'da-DK', nb: 'nb-NO', fi: 'fi-FI', is: 'is-IS', en: 'en-GB' };

// Does this browser have the locale data of an interface language for an
// Intl service ('DateTimeFormat', 'NumberFormat', 'PluralRules')?
const had = new Map();
export function hasLocale(kind, tag) {
  const key = `${kind}/${tag}`;
  if (!had.has(key)) {
    let ok = false;
    try {
      const loc = LOCALES[tag] || LOCALES.en;
      const got = new Intl[kind](loc).resolvedOptions().locale.toLowerCase().split('-')[0];
      ok = got === tag || (tag === 'nb' && got === 'no');
    } catch (e) {
      ok = false;
    }
    had.set(key, ok);
  }
  return had.get(key);
}

// Is n of the plural category "one" in the interface language? Icelandic:
// an integer ending in 1 but not in 11; the others here: exactly 1.
export function pluralOne(n, tag) {
  if (hasLocale('PluralRules', tag)) {
    return new Intl.PluralRules(LOCALES[tag] || LOCALES.en).select(n) === 'one';
  }
  if (tag === 'is') return Number.isInteger(n) && n % 10 === 1 && n % 100 !== 11;
  return n === 1;
}

export function fallbackNumber(tag, n) {
  const f = FALLBACK[tag] || FALLBACK.en;
  const [int, frac] = String(Math.abs(n)).split('.');
  let out = int.replace(/\B(?=(\d{3})+(?!\d))/g, f.group);
  if (frac) out += (tag === 'en' ? '.' : ',') + frac;
  return (n < 0 ? '-' : '') + out;
}

// Format a date with the options fmt() is called with, from the tables;
// the calendar fields come from the English formatter (always present)
// in the wanted time zone.
export function fallbackFmt(tag, date, opts) {
  const f = FALLBACK[tag] || FALLBACK.en;
  const p = {};
  for (const x of new Intl.DateTimeFormat('en-US', {
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    second: 'numeric', hourCycle: 'h23', timeZone: opts.timeZone,
    timeZoneName: opts.timeZoneName,
  }).formatToParts(date)) p[x.type] = x.value;
  const y = Number(p.year);
  const m = Number(p.month);
  const d = Number(p.day);
  const hh = Number(p.hour) % 24;
  const two = (v) => String(v).padStart(2, '0');
  const v = { d, y, M: f.months[m - 1], HH: two(hh), mm: two(p.minute), ss: two(p.second) };
  const fill2 = (pat) => pat.replace(/\{(\w+)\}/g, (x, k) => v[k]);
  if (opts.hour) {
    const time = fill2(opts.second ? f.clock : f.time);
    return p.timeZoneName ? `${time} ${p.timeZoneName}` : time;
  }
  if (opts.weekday) return f.days[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  if (opts.month === 'long') return fill2(f.date);
  if (opts.month === 'short') return f.short[m - 1];
  if (opts.month === '2-digit') return `${y}-${two(m)}-${two(d)}`;
  if (opts.day) return fill2(f.day || '{d}');
  return String(y);
}
