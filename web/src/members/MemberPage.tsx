import { Alert, Anchor, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessages } from '../api/errors';
import { useMember } from '../api/member-detail';
import { ACTION_LABELS, formatDate, STATUS_LABELS } from '../ui/labels';
import { DetailList } from '../ui/DetailList';
import { PageTitle } from '../ui/PageTitle';
import { Section } from '../ui/Section';
import { MergeMemberDialog } from './MergeMemberDialog';

/** /members/:id — the member (details, consents) and all their cases. The title names no one. */
export function MemberPage() {
  const { id } = useParams<{ id: string }>();
  const m = useMember(id!);
  const [merging, setMerging] = useState(false);
  if (m.isPending) return <Loader aria-label="Loading the member" />;
  const mergedInto =
    m.error instanceof ApiError && m.error.status === 410 ? m.error.body?.mergedInto : undefined;
  if (typeof mergedInto === 'string')
    return (
      <Alert color="blue" title="This member was merged">
        This record was merged into another record of the same person:{' '}
        <Anchor component={Link} to={`/members/${mergedInto}`}>
          go to the member kept
        </Anchor>
        .
      </Alert>
    );
  if (m.isError)
    return (
      <Alert color="red" title="The member could not be shown">
        {errorMessages(m.error).join(' ')}
      </Alert>
    );
  const d = m.data;
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
  const rows: [string, string][] = [
    ['Full name', d.fullName],
    ['Membership number', d.membershipNumber ?? '—'],
    ['Email', d.email ?? '—'],
    ['Phone', d.phone ?? '—'],
    ['Constituency party', d.constituencyParty ?? '—'],
    ['Region', d.region ?? '—'],
    ['Consent to contact', yesNo(d.consentToContact)],
    ['Consent to research', yesNo(d.consentToResearch)],
    ...(d.aliases.length
      ? [['Also known as', d.aliases.map((a) => a.value).join(', ')] as [string, string]]
      : []),
  ];
  return (
    <Stack gap="lg">
      <PageTitle>Member</PageTitle>
      <Section id="member" title={d.fullName}>
        <DetailList rows={rows} cols={{ base: 1, sm: 2 }} />
        <Group mt="md">
          <Button variant="default" onClick={() => setMerging(true)}>
            Merge
          </Button>
        </Group>
      </Section>
      {merging && <MergeMemberDialog key={d.id} member={d} onClose={() => setMerging(false)} />}
      <Section id="member-cases" title="Cases">
        {d.cases.length === 0 ? (
          <Text>No cases.</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table aria-label="Cases of this member">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Reference</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">Action date</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Appeal deadline</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.cases.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/cases/${c.id}`}>
                        {c.reference}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{ACTION_LABELS[c.actionType] ?? c.actionType}</Table.Td>
                    <Table.Td>{formatDate(c.actionDate)}</Table.Td>
                    <Table.Td>{STATUS_LABELS[c.status] ?? c.status}</Table.Td>
                    <Table.Td>{formatDate(c.appealDeadline)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </Stack>
  );
}
