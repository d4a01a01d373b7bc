/**
 * Prometheus's template functions for `$value`, so a generated promtool test can expect the summary exactly
 * as Prometheus renders it. Ported from prometheus/template (humanize, humanizeDuration, humanizePercentage).
 */

/** Go's `%.4g`: four significant digits, trailing zeros dropped, an exponent below 1e-4 or from 1e4. */
export function goFormat4g(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa, exponentText] = value.toExponential(3).split('e') as [string, string];
  const exponent = Number(exponentText);
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  if (exponent < -4 || exponent >= 4) return `${trimmed}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(Number(value.toPrecision(4)));
}

const LARGE = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SMALL = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

export function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return goFormat4g(value);
  let v = value;
  let prefix = '';
  if (Math.abs(v) >= 1) {
    for (const p of LARGE) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
  } else {
    for (const p of SMALL) {
      if (Math.abs(v) >= 1) break;
      prefix = p;
      v *= 1000;
    }
  }
  return `${goFormat4g(v)}${prefix}`;
}

export function humanizeDuration(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return `${goFormat4g(value)}s`;
  if (Math.abs(value) >= 1) {
    const sign = value < 0 ? '-' : '';
    const v = Math.abs(value);
    const whole = Math.trunc(v);
    const [days, hours, minutes, seconds] = [Math.trunc(whole / 86_400), Math.trunc(whole / 3_600) % 24, Math.trunc(whole / 60) % 60, whole % 60];
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${goFormat4g(v)}s`;
  }
  let v = value;
  let prefix = '';
  for (const p of SMALL) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${goFormat4g(v)}${prefix}s`;
}

export function humanizePercentage(value: number): string {
  return `${goFormat4g(value * 100)}%`;
}
