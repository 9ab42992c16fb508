import { Alert, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { errorMessages } from '../api/errors';
import { useChangePassword, useSession, useSignOut } from '../api/session';
import { ErrorSummary } from '../ui/ErrorSummary';
import { fieldErrors, messagesByField, type FormError } from '../ui/form-errors';
import { homeFor } from '../ui/nav';
import { PageTitle } from '../ui/PageTitle';

const FIELDS = { currentPassword: 'current-password', newPassword: 'new-password' };

/** Change password; the one screen a user whose password must change can reach. */
export function AccountPage() {
  const session = useSession().data!;
  const change = useChangePassword();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [done, setDone] = useState(false);
  const forced = session.passwordChangeRequired;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const problems: FormError[] = [];
    if (!current) problems.push({ fieldId: FIELDS.currentPassword, message: 'Enter your current password' });
    if (!next) problems.push({ fieldId: FIELDS.newPassword, message: 'Enter a new password' });
    else if (next !== confirm)
      problems.push({ fieldId: 'confirm-password', message: 'The two new passwords differ' });
    setErrors(problems);
    if (problems.length) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setConfirm('');
          setDone(true);
          if (forced) navigate(homeFor(session.user.role), { replace: true });
        },
        onError: (err) => setErrors(messagesByField(errorMessages(err), FIELDS)),
      },
    );
  };
  const byField = fieldErrors(errors);

  return (
    <Stack maw={520}>
      <PageTitle>Your account</PageTitle>
      {forced && (
        <Alert color="blue" title="Choose a new password">
          You signed in with a one-time password. Choose your own before you go on.
        </Alert>
      )}
      {done && (
        <Alert color="green" role="status" title="Password changed">
          Your new password is in use.
        </Alert>
      )}
      <ErrorSummary errors={errors} />
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">At least 12 characters; not a commonly used password, and not your email.</Text>
            <PasswordInput
              id={FIELDS.currentPassword}
              label="Current password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={byField[FIELDS.currentPassword]}
            />
            <PasswordInput
              id={FIELDS.newPassword}
              label="New password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
              error={byField[FIELDS.newPassword]}
            />
            <PasswordInput
              id="confirm-password"
              label="Confirm new password"
              autoComplete="new-password"
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={byField['confirm-password']}
            />
            <Button type="submit" loading={change.isPending} w="fit-content">
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
      <Text size="sm">
        Signed in as {session.user.email}.{' '}
        <Button variant="subtle" size="compact-sm" onClick={() => signOut.mutate()}>
          Sign out
        </Button>
      </Text>
    </Stack>
  );
}
