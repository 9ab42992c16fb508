import { Alert, List } from '@mantine/core';
import { errorMessages } from '../api/errors';

/** The server's refusal of a change (its own sentences: a 409 or a 422 says what is wrong), or nothing. */
export function ServerErrors({ error, title = 'This was not saved' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const messages = errorMessages(error);
  return (
    <Alert color="red" variant="outline" title={title} role="alert">
      {messages.length === 1 ? (
        messages[0]
      ) : (
        <List size="sm">
          {messages.map((m, i) => (
            <List.Item key={i}>{m}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
