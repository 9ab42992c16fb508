import { Alert, Radio, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMember, useMemberSearch, useMergeMember } from '../api/member-detail';
import { Dialog } from '../ui/Dialog';
import { DialogButtons } from '../ui/DialogButtons';
import { ServerErrors } from '../ui/ServerErrors';

interface Comparable {
  fullName: string;
  membershipNumber: string | null;
  email: string | null;
  phone: string | null;
  constituencyParty: string | null;
  region: string | null;
  cases: unknown[];
}

const COMPARED: [string, (m: Comparable) => string][] = [
  ['Full name', (m) => m.fullName],
  ['Membership number', (m) => m.membershipNumber ?? '—'],
  ['Email', (m) => m.email ?? '—'],
  ['Phone', (m) => m.phone ?? '—'],
  ['Constituency party', (m) => m.constituencyParty ?? '—'],
  ['Region', (m) => m.region ?? '—'],
  ['Cases', (m) => String(m.cases.length)],
];

/**
 * Merging this member into another record of the same person: find the record to keep, compare
 * the two side by side, give a reason, confirm. The server moves the cases and keeps this record's
 * name, email and phone as the kept member's aliases; the app then shows the kept member.
 */
export function MergeMemberDialog({
  member,
  onClose,
}: {
  member: Comparable & { id: string };
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [intoId, setIntoId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const found = useMemberSearch(text);
  const chosen = useMember(intoId);
  const merge = useMergeMember(member.id);
  const navigate = useNavigate();
  const others = (found.data?.items ?? []).filter((m) => m.id !== member.id);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!intoId) return setProblem('Choose the member to keep');
    if (!reason.trim()) return setProblem('Give the reason for the merge');
    setProblem(null);
    merge.mutate(
      { intoId, reason },
      {
        onSuccess: (kept) => {
          onClose();
          navigate(`/members/${kept.id}`);
        },
      },
    );
  };

  return (
    <Dialog onClose={onClose} title="Merge into another member" size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Use this when the same person was recorded twice. This member&apos;s cases move to the member you
            keep, and this member&apos;s name, email and phone are kept as other names they are known by. This
            record is then closed.
          </Text>
          {problem && (
            <Alert color="red" variant="outline" role="alert" title="Not merged yet">
              {problem}
            </Alert>
          )}
          <ServerErrors error={merge.error} title="Not merged" />
          <TextInput
            label="Find the member to keep"
            description="Name, membership number or email"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autoComplete="off"
          />
          {others.length > 0 && (
            <Radio.Group label="Member to keep" value={intoId} onChange={setIntoId}>
              <Stack gap={6} mt="xs">
                {others.map((m) => (
                  <Radio
                    key={m.id}
                    value={m.id}
                    label={[m.fullName, m.membershipNumber, m.email].filter(Boolean).join(' · ')}
                  />
                ))}
              </Stack>
            </Radio.Group>
          )}
          {found.isSuccess && text.trim().length >= 2 && others.length === 0 && (
            <Text size="sm">No other member found.</Text>
          )}
          {chosen.data && (
            <Table withTableBorder aria-label="The two members side by side">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Field</Table.Th>
                  <Table.Th scope="col">This member (merged)</Table.Th>
                  <Table.Th scope="col">Member to keep</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {COMPARED.map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th scope="row">{label}</Table.Th>
                    <Table.Td>{value(member)}</Table.Td>
                    <Table.Td>{value(chosen.data)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <DialogButtons onCancel={onClose} submit="Merge" busy={merge.isPending} />
        </Stack>
      </form>
    </Dialog>
  );
}
