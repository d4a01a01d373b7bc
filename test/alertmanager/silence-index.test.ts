import { describe, expect, it } from 'vitest';
import { SilenceIndex } from '../../source/alertmanager/silence-index.js';
import { silenceCovers, type Matcher, type Silence } from '../../source/alertmanager/silence-model.js';

const alarm = { rule: 'HighLatency', apiId: 'mw-rest', team: 'mwi', severity: 'page' as const };

const silence = (id: string, ...matchers: [string, string, ('=' | '!=' | '=~' | '!~')?][]): Silence => ({
  id,
  matchers: matchers.map(([name, value, op = '=']): Matcher => ({ name, value, isRegex: op.includes('~'), isEqual: !op.startsWith('!') })),
  startsAt: 0,
  endsAt: 1,
  createdBy: 'x',
  comment: '',
  state: 'active',
});

describe('SilenceIndex', () => {
  it.each([
    ['the alarm\'s exact labels', silence('s', ['alertname', 'HighLatency'], ['api', 'mw-rest'], ['team', 'mwi'], ['severity', 'page']), true],
    ['one of its labels', silence('s', ['api', 'mw-rest']), true],
    ['its family', silence('s', ['family', 'MediaWiki']), true],
    ['another API', silence('s', ['api', 'other']), false],
    ['a label it does not have', silence('s', ['api', 'mw-rest'], ['instance', 'db1']), false],
    ['a label named twice with two values', silence('s', ['api', 'mw-rest'], ['api', 'other']), false],
    ['an empty value (the label absent)', silence('s', ['instance', '']), true],
    ['a regex', silence('s', ['api', 'mw-.*', '=~']), true],
    ['a negated equality', silence('s', ['api', 'other', '!=']), true],
    ['a negated regex over it', silence('s', ['api', 'mw-.*', '!~']), false],
    ['a pattern that cannot compile', silence('s', ['api', '(mw', '=~']), false],
    ["a pattern in Go's syntax", silence('s', ['api', '(?P<x>mw)-rest', '=~']), true],
  ])('finds a silence naming %s exactly when silenceCovers does', (_, s, covers) => {
    expect(silenceCovers(s, alarm, 'MediaWiki')).toBe(covers);
    expect(new SilenceIndex([s]).covering(alarm, 'MediaWiki')).toEqual(covers ? [s] : []);
  });

  it('answers the covering silences in the order they were listed', () => {
    const listed = [silence('a', ['api', 'mw-rest']), silence('b', ['api', 'mw.*', '=~']), silence('c', ['team', 'mwi']), silence('d', ['api', 'other'])];
    expect(new SilenceIndex(listed).covering(alarm).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('runs a silence pattern in linear time: a backtracking one written by anyone cannot stall the process', () => {
    // Under a backtracking engine this match takes 2^40 steps; RE2, like Alertmanager's Go, answers at once.
    const hostile = { ...alarm, apiId: `${'a'.repeat(40)}!` };
    const s = silence('s', ['api', '(a+)+', '=~']);
    expect(silenceCovers(s, hostile)).toBe(false);
    expect(new SilenceIndex([s]).covering(hostile)).toEqual([]);
  });
});
