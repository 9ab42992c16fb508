import { Alert, Anchor, List, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { FormError } from './form-errors';

/**
 * The GOV.UK error summary: at the top of the form, takes focus when it appears (so a screen reader
 * reads it and a keyboard user starts there), and links each message to its field.
 */
export function ErrorSummary({
  errors,
  title = 'There is a problem',
}: {
  errors: FormError[];
  title?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="red"
      variant="outline"
      title={<span id="error-summary-title">{title}</span>}
      aria-labelledby="error-summary-title"
      role="alert"
      mb="lg"
      className="error-summary"
    >
      <List spacing={4}>
        {errors.map((e, i) => (
          <List.Item key={i}>
            {e.fieldId ? (
              <Anchor
                href={`#${e.fieldId}`}
                c="red.9"
                fw={600}
                onClick={(ev) => {
                  ev.preventDefault();
                  const field = document.getElementById(e.fieldId!);
                  field?.scrollIntoView({ block: 'center' });
                  field?.focus();
                }}
              >
                {e.message}
              </Anchor>
            ) : (
              <Text c="red.9" fw={600} span>
                {e.message}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
