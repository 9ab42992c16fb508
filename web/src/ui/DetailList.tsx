import { SimpleGrid, Text } from '@mantine/core';

/** Label and value pairs as a description list, in columns on wide screens. */
export function DetailList({
  rows,
  cols,
}: {
  rows: [string, string][];
  cols: { base: number; sm: number; md?: number };
}) {
  return (
    <SimpleGrid component="dl" cols={cols} spacing="xs" m={0}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <Text component="dt" size="sm" c="gray.7">
            {k}
          </Text>
          <Text component="dd" m={0}>
            {v}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
