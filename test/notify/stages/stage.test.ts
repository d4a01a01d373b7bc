import { describe, expect, it } from 'vitest';
import { Pipeline, type Stage } from '../../../source/notify/stages/stage.js';

const double: Stage<number, number> = { name: 'double', run: (n, next) => next(n * 2) };
const onlyEven: Stage<number, number> = { name: 'only even', run: (n, next) => (n % 2 === 0 ? next(n) : undefined) };
const words: Stage<number, string> = { name: 'words', run: (n, next) => next(`#${n}`) };

describe('Pipeline', () => {
  it('runs its stages in the order listed, each handing its output to the next and the last to the end', () => {
    const out: string[] = [];
    const send = Pipeline.from(double).then(words).end((s) => out.push(s));
    send(3);
    expect(out).toEqual(['#6']);
  });

  it('stops where a stage hands nothing on', () => {
    const out: number[] = [];
    const send = Pipeline.from(onlyEven).then(double).end((n) => out.push(n));
    send(3);
    send(4);
    expect(out).toEqual([8]);
  });

  it('names its stages in order', () => {
    expect(Pipeline.from(double).then(onlyEven).then(words).names()).toEqual(['double', 'only even', 'words']);
  });
});
