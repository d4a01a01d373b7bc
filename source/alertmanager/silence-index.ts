import type { Alarm } from '../core/alarm.js';
import { alarmLabels, ALARM_LABELS } from '../core/labels.js';
import type { Matcher, Silence } from './silence-model.js';
import { compileSafePattern, type SafePattern } from '../text/safe-pattern.js';

type Labels = Record<string, string>;

/** The alarm labels in the order a key names them: a silence's matchers sorted by name give the same key. */
const KEY_ORDER = [...ALARM_LABELS].sort();

/**
 * Alertmanager's silences, indexed for "which silences cover this alarm": a busy Alertmanager holds thousands of
 * silences over thousands of alarms, and matching each alarm against each silence costs seconds per poll. A
 * silence of equality matchers only (what api-health, Karma and most people make) is found by the exact label
 * set it names: an alarm has at most five labels, so its 32 label subsets are 32 lookups. Others (regex,
 * negation) are matched one by one, their patterns compiled once.
 */
export class SilenceIndex {
  private readonly exact = new Map<string, Silence[]>();
  private readonly other: Silence[] = [];
  private readonly patterns = new Map<string, SafePattern | undefined>();
  private readonly order = new Map<Silence, number>();
  private readonly answers = new Map<string, Silence[]>();

  constructor(readonly silences: readonly Silence[]) {
    silences.forEach((silence, i) => this.order.set(silence, i));
    for (const silence of silences) {
      const key = exactKey(silence.matchers);
      if (key === undefined) this.other.push(silence);
      else {
        const list = this.exact.get(key);
        if (list) list.push(silence);
        else this.exact.set(key, [silence]);
      }
    }
  }

  /** Every silence whose matchers all hold for the alarm's labels, in the order they were listed. */
  covering(alarm: Pick<Alarm, 'rule' | 'apiId' | 'team' | 'severity'>, family?: string): readonly Silence[] {
    const labels: Labels = alarmLabels(alarm, family);
    // Every frame asks again for every alarm: the answer holds until the silences change (a new index).
    const cacheKey = KEY_ORDER.map((name) => labels[name] ?? '').join('\u0001');
    const cached = this.answers.get(cacheKey);
    if (cached) return cached;
    const names = KEY_ORDER.filter((name) => labels[name] !== undefined);
    const found: Silence[] = [];
    for (let mask = 1; mask < 1 << names.length; mask++) {
      let key = '';
      for (let bit = 0; bit < names.length; bit++) {
        if (mask & (1 << bit)) key += `${key === '' ? '' : '\u0001'}${names[bit]}\u0000${labels[names[bit]!]}`;
      }
      const hits = this.exact.get(key);
      if (hits) found.push(...hits);
    }
    for (const silence of this.other) if (this.holds(silence.matchers, labels)) found.push(silence);
    const answer = found.length < 2 ? found : found.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    this.answers.set(cacheKey, answer);
    return answer;
  }

  private holds(matchers: readonly Matcher[], labels: Labels): boolean {
    return matchers.every((m) => {
      const value = labels[m.name] ?? '';
      const hit = m.isRegex ? this.pattern(m.value)?.test(value) === true : value === m.value;
      return hit === m.isEqual;
    });
  }

  /**
   * Alertmanager's matchers are Go's RE2 syntax, so RE2 runs them here too: a silence from anyone on the team cannot
   * stall the process with a backtracking pattern. One RE2 cannot compile never matches rather than throwing.
   */
  private pattern(source: string): SafePattern | undefined {
    if (this.patterns.has(source)) return this.patterns.get(source);
    let compiled: SafePattern | undefined;
    try {
      compiled = compileSafePattern(`^(?:${source})$`);
    } catch {
      compiled = undefined;
    }
    this.patterns.set(source, compiled);
    return compiled;
  }
}

/**
 * The label set an equality-only silence names, as a key; undefined for any other silence: one naming a label
 * twice, or `name=""` (which Alertmanager reads as "the label is absent").
 */
function exactKey(matchers: readonly Matcher[]): string | undefined {
  if (matchers.length === 0 || matchers.some((m) => m.isRegex || !m.isEqual || m.value === '')) return undefined;
  if (new Set(matchers.map((m) => m.name)).size !== matchers.length) return undefined;
  return [...matchers]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((m) => `${m.name}\u0000${m.value}`)
    .join('\u0001');
}
