const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three HTTP-date forms (RFC 9110 5.6.7): IMF-fixdate, the obsolete RFC 850 form, and asctime (which is GMT without saying so). */
const HTTP_DATES: { form: RegExp; zone: string }[] = [
  { form: new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`), zone: '' },
  { form: new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`), zone: '' },
  { form: new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`), zone: ' GMT' },
];

/**
 * Reads Retry-After as delay-seconds or an HTTP-date; undefined when absent or anything else. Only those
 * forms are read: Date.parse alone takes "1.5" or "soon 5" for days in 2001 and would wait for nothing.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined || text === '') return undefined;
  // A wait longer than any clock can count is still a valid header: it is kept as the longest exact one.
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1_000, Number.MAX_SAFE_INTEGER);
  const date = HTTP_DATES.find(({ form }) => form.test(text));
  if (!date) return undefined;
  const at = Date.parse(text + date.zone);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
