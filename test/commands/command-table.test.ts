import meow from 'meow';
import { describe, expect, it } from 'vitest';
import { parserDefaults, parserFlags, plainFlagLine } from '../../source/commands/command-table.js';

const parsedByMeow = (argv: string[]) => {
  const parsed = meow({ importMeta: import.meta, argv, autoHelp: false, autoVersion: false, allowUnknownFlags: true, description: false, flags: parserFlags() });
  return { flags: Object.fromEntries(Object.entries(parsed.flags).filter(([, value]) => value !== undefined && value !== false)), input: parsed.input };
};

describe('plainFlagLine', () => {
  it.each([
    [['validate', '--config', 'examples/wikimedia.yaml']],
    [['validate', '--config=api-health.yaml', '--strict']],
    [['check', '--json', '--config', 'a b.yaml']],
    [['monitor', '--config', 'a.yaml', '--metrics-port', '0', '--state-dir', '/tmp/state', '--duration', '10s']],
    [['report', '--format', 'csv', '--config', 'x=y.yaml']],
    [['--demo', '--team', 'mwi']],
    [['owners', '--team', 'unassigned', 'extra']],
  ])('reads %j as the parser does', (argv) => {
    expect(plainFlagLine(argv)).toEqual(parsedByMeow(argv));
  });

  it.each([
    [['validate', '-c', 'a.yaml']],
    [['--no-mouse']],
    [['--mouse']],
    [['validate', '--config', 'a.yaml', '--config', 'b.yaml']],
    [['validate', '--config']],
    [['validate', '--config=']],
    [['validate', '--config', '-']],
    [['validate', '--json=true']],
    [['validate', '--cofnig', 'a.yaml']],
    [['notify', 'test', '--', '--config']],
  ])('leaves %j to the parser', (argv) => {
    expect(plainFlagLine(argv)).toBeUndefined();
  });
});

describe('parserDefaults', () => {
  it.each([[[]], [['help']], [['help', 'check']], [['completion', 'bash']], [['check']]])(
    'gives for %j what the parser gives when no flag is typed, so such a line needs no parser',
    (argv) => {
      const parsed = meow({ importMeta: import.meta, argv, autoHelp: false, autoVersion: false, allowUnknownFlags: true, description: false, flags: parserFlags() });
      const given = Object.fromEntries(Object.entries(parsed.flags).filter(([, value]) => value !== undefined && value !== false));
      expect(given).toEqual(parserDefaults());
      expect(parsed.input).toEqual(argv);
    },
  );

  it('turns on only the flags spelled --no-… in help (on unless given)', () => {
    expect(parserDefaults()).toEqual({ mouse: true });
  });
});
