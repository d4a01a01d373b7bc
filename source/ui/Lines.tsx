import cliTruncate from 'cli-truncate';
import { Transform } from 'ink';

interface Props {
  lines: readonly string[];
  /** Cells each line may take: longer lines are cut with an ellipsis. */
  width: number;
  /** Every line is known to fit already (rows built to the column widths): nothing to measure or cut. */
  fitted?: boolean;
}

/**
 * Lines that Ink lays out by a blank placeholder of the same size and draws through a transform. Ink 6 keeps
 * every text it measures in a cache it never empties (vadimdemedes/ink#986): text that changes with each flush
 * grew the dashboard by about 65 MB an hour. The placeholder is the same string frame after frame, so it is
 * measured once, and blanks are the cheapest text to measure. A screen reader is given the lines themselves.
 */
export function Lines({ lines, width, fitted = false }: Props) {
  const shown = fitted ? lines : lines.map((line) => cliTruncate(line, width));
  const placeholder = Array.from({ length: Math.max(1, shown.length) }, () => ' '.repeat(Math.max(1, width))).join('\n');
  return (
    <Transform transform={(_blank, index) => shown[index] ?? ''} accessibilityLabel={shown.join('\n')}>
      {placeholder}
    </Transform>
  );
}
