import meow from 'meow';
import { describe, expect, it } from 'vitest';
import { parserDefaults, parserFlags } from '../../source/commands/command-table.js';

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
