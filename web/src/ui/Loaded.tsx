import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessages } from '../api/errors';

/** A section's content once its query has answered: "Loading…", the server's refusal, a sentence when empty, or the content. */
export function Loaded({
  query,
  loading,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  loading: string;
  /** What to say instead of the content (the answer is empty), or null. */
  empty: string | null;
  children: ReactNode;
}) {
  if (query.isError) return <Text c="red.8">{errorMessages(query.error).join(' ')}</Text>;
  if (query.isPending) return <Text>{loading}</Text>;
  if (empty) return <Text>{empty}</Text>;
  return <>{children}</>;
}
