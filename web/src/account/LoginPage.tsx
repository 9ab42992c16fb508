import { Button, Container, Paper, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError, errorMessages } from '../api/errors';
import { useSession, useSignIn } from '../api/session';
import { ErrorSummary } from '../ui/ErrorSummary';
import { fieldErrors, type FormError } from '../ui/form-errors';
import { homeFor } from '../ui/nav';
import { PageTitle } from '../ui/PageTitle';

/** Only a path of this app, so a crafted ?next= cannot send the user elsewhere. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function LoginPage() {
  const session = useSession();
  const signIn = useSignIn();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);

  if (session.data) {
    const target = session.data.passwordChangeRequired
      ? '/account'
      : (safeNext(params.get('next')) ?? homeFor(session.data.user.role));
    return <Navigate to={target} replace />;
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: FormError[] = [];
    if (!email.trim()) missing.push({ fieldId: 'email', message: 'Enter your email address' });
    if (!password) missing.push({ fieldId: 'password', message: 'Enter your password' });
    setErrors(missing);
    if (missing.length) return;
    signIn.mutate(
      { email: email.trim(), password },
      {
        onError: (err) =>
          setErrors(
            err instanceof ApiError && err.status === 401
              ? [{ fieldId: 'email', message: 'The email or password is not right' }]
              : errorMessages(err).map((message) => ({ message })),
          ),
      },
    );
  };
  const byField = fieldErrors(errors);

  return (
    <Container size={460} py="xl" component="main" id="main">
      <PageTitle>Sign in to Caseline</PageTitle>
      <ErrorSummary errors={errors} />
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              id="email"
              label="Email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={byField.email}
              required
            />
            <PasswordInput
              id="password"
              label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={byField.password}
              required
            />
            <Button type="submit" loading={signIn.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
