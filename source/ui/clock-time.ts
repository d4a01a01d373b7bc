/** HH:MM:SS in local time, for "updated at" and error times. */
export function clockTime(epochMs: number, seconds = true): string {
  const d = new Date(epochMs);
  const parts = seconds ? [d.getHours(), d.getMinutes(), d.getSeconds()] : [d.getHours(), d.getMinutes()];
  return parts.map((n) => String(n).padStart(2, '0')).join(':');
}
