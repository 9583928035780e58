// Money in yuan with thousands separators, dates in Asia/Shanghai, whatever the browser's zone.
export const TIME_ZONE = 'Asia/Shanghai';

const grouping = new Intl.NumberFormat('en-US');

/// fen (integer, 1/100 yuan) → "¥1,234,567.89"; exact for every amount the API sends.
export function yuan(money) {
  if (money == null) return '—';
  const fen = typeof money === 'object' ? money.amount : money;
  const negative = fen < 0;
  const whole = Math.floor(Math.abs(fen) / 100);
  const cents = String(Math.abs(fen) % 100).padStart(2, '0');
  return `${negative ? '-' : ''}¥${grouping.format(whole)}.${cents}`;
}

/// "2,280,000.5" or "2280000" (yuan as typed) → fen, or null when it is not an amount.
export function parseYuan(text) {
  const cleaned = String(text ?? '').replace(/[,，\s¥]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, cents = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

export const fen = (yuanText) => ({ amount: parseYuan(yuanText) ?? 0, currency: 'CNY' });

const locales = { zh: 'zh-CN', en: 'en-GB' };

export function dateTime(iso, lang) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locales[lang], { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' })
    .format(new Date(iso));
}

export function dateOnly(iso, lang) {
  if (!iso) return '—';
  const value = iso.length === 10 ? `${iso}T12:00:00+08:00` : iso;
  return new Intl.DateTimeFormat(locales[lang], { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(new Date(value));
}

/// An RFC 3339 instant → the "YYYY-MM-DDTHH:MM" a datetime-local input shows, in Shanghai time.
export function toShanghaiInput(iso) {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 16);
}

/// What a datetime-local input holds (Shanghai wall time) → RFC 3339 with +08:00.
export const fromShanghaiInput = (value) => (value ? `${value}:00+08:00` : '');

export const percent = (ratio) => (ratio == null ? '—' : `${(Number(ratio) * 100).toFixed(1)}%`);
