import { Box, Text } from 'ink';

/** Short views (detail, help, pickers): one Text per line, each cut at the terminal edge on its own. */
export function Lines({ lines }: { lines: string[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}
