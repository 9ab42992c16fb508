import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Role } from '../api/types';
import { ROLE_LABELS } from './labels';
import { PageTitle } from './PageTitle';

/** What a signed-in user sees at a screen their role may not use: said plainly, with a way on. */
export function NotAvailablePage({ role }: { role: Role }) {
  return (
    <Stack>
      <PageTitle>Not available for your role</PageTitle>
      <Text>
        This page is not available to you: you are signed in as {ROLE_LABELS[role].toLowerCase()}. If you need
        it, ask an administrator.
      </Text>
      <Anchor component={Link} to="/">
        Go to your start page
      </Anchor>
    </Stack>
  );
}
