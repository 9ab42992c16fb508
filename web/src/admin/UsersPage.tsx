import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useCreateUser, useIssueOneTimePassword, useUpdateUser, useUsers, type UserView } from '../api/admin';
import { errorMessages } from '../api/errors';
import type { Role } from '../api/types';
import { ErrorSummary } from '../ui/ErrorSummary';
import { fieldErrors, messagesByField, type FormError } from '../ui/form-errors';
import { ROLE_LABELS } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import { ServerErrors } from '../ui/ServerErrors';

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const FIELDS = {
  email: 'new-user-email',
  fullName: 'new-user-name',
  role: 'new-user-role',
  password: 'new-user-password',
};
const EMPTY = { email: '', fullName: '', role: 'caseworker' as Role, password: '' };

/** Admin: every user; create one, change a role, deactivate and reactivate, issue a one-time password. */
export function UsersPage() {
  const users = useUsers();
  const update = useUpdateUser();
  const reset = useIssueOneTimePassword();
  const [issued, setIssued] = useState<{ user: UserView; password: string } | null>(null);

  const issue = (user: UserView) =>
    reset.mutate(user.id, { onSuccess: (r) => setIssued({ user, password: r.oneTimePassword }) });

  return (
    <Stack>
      <PageTitle>Users</PageTitle>
      {issued && (
        <Alert color="blue" title={`One-time password for ${issued.user.fullName}`}>
          <Stack gap="xs">
            <Text size="sm">
              Give it to them by a safe channel. <strong>It will not be shown again.</strong> Signed in with
              it, they must choose their own password before anything else.
            </Text>
            <Group gap="sm">
              <Code fz="md" data-testid="one-time-password">
                {issued.password}
              </Code>
              <CopyButton value={issued.password}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy the password'}
                  </Button>
                )}
              </CopyButton>
              <Button size="xs" variant="subtle" onClick={() => setIssued(null)}>
                Done, hide it
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <ServerErrors error={update.error ?? reset.error} />
      {users.isError && <ServerErrors error={users.error} title="The users could not be loaded" />}
      <Table.ScrollContainer minWidth={720}>
        <Table striped aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Email</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Th scope="row" fw="normal">
                  {u.fullName}
                </Table.Th>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Role of ${u.fullName}`}
                    data={ROLE_OPTIONS}
                    value={u.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: u.id, role: e.currentTarget.value as Role })}
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm" fw={600}>
                      {u.active ? 'Active' : 'Deactivated'}
                    </Text>
                    {u.passwordChangeRequired && <Text size="sm">· must change password</Text>}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`${u.active ? 'Deactivate' : 'Reactivate'} ${u.fullName}`}
                      onClick={() => update.mutate({ id: u.id, active: !u.active })}
                    >
                      {u.active ? 'Deactivate' : 'Reactivate'}
                    </Button>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={`Issue a one-time password for ${u.fullName}`}
                      onClick={() => issue(u)}
                      disabled={!u.active}
                    >
                      One-time password
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <NewUserForm />
    </Stack>
  );
}

function NewUserForm() {
  const create = useCreateUser();
  const [draft, setDraft] = useState(EMPTY);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const set = (k: keyof typeof EMPTY) => (value: string) => setDraft((d) => ({ ...d, [k]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const problems: FormError[] = [];
    if (!draft.email.trim()) problems.push({ fieldId: FIELDS.email, message: 'Enter an email address' });
    if (!draft.fullName.trim()) problems.push({ fieldId: FIELDS.fullName, message: 'Enter the full name' });
    if (!draft.password) problems.push({ fieldId: FIELDS.password, message: 'Enter a password' });
    setErrors(problems);
    if (problems.length) return;
    create.mutate(
      { ...draft, email: draft.email.trim(), fullName: draft.fullName.trim() },
      {
        onSuccess: (u) => {
          setDraft(EMPTY);
          setCreated(u.fullName);
        },
        onError: (err) => setErrors(messagesByField(errorMessages(err), FIELDS)),
      },
    );
  };
  const byField = fieldErrors(errors);

  return (
    <Paper withBorder p="md" maw={560} component="section" aria-labelledby="new-user-title">
      <Title order={2} size="h3" id="new-user-title" mb="sm">
        Add a user
      </Title>
      <ErrorSummary errors={errors} />
      {created && (
        <Alert color="green" variant="outline" role="status" mb="sm">
          {created} was added.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            id={FIELDS.email}
            label="Email"
            type="email"
            autoComplete="off"
            value={draft.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            error={byField[FIELDS.email]}
          />
          <TextInput
            id={FIELDS.fullName}
            label="Full name"
            autoComplete="off"
            value={draft.fullName}
            onChange={(e) => set('fullName')(e.currentTarget.value)}
            error={byField[FIELDS.fullName]}
          />
          <NativeSelect
            id={FIELDS.role}
            label="Role"
            data={ROLE_OPTIONS}
            value={draft.role}
            onChange={(e) => set('role')(e.currentTarget.value)}
            error={byField[FIELDS.role]}
          />
          <PasswordInput
            id={FIELDS.password}
            label="Password"
            description="At least 12 characters, not a commonly used password, not the email address"
            autoComplete="new-password"
            value={draft.password}
            onChange={(e) => set('password')(e.currentTarget.value)}
            error={byField[FIELDS.password]}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add the user
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
