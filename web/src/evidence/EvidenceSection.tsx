import '@mantine/dropzone/styles.css';
import { Alert, Anchor, Button, Code, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useRef, useState } from 'react';
import { refreshCase } from '../api/case-keys';
import type { EvidenceView } from '../api/case-types';
import { errorMessages } from '../api/errors';
import { contentUrl, uploadEvidence, useCustody, useEvidence, useVerifyEvidence } from '../api/evidence';
import { formatDateTime } from '../ui/labels';
import { Loaded } from '../ui/Loaded';
import { Section } from '../ui/Section';
import { formatSize, uploadRefusal, type Refusal } from './upload-outcome';

/** One file of this visit's uploads: its progress, then the server's answer (upload state, not server state). */
interface Upload {
  key: string;
  name: string;
  progress: number;
  done?: EvidenceView;
  refused?: Refusal;
}

const anchor = (id: string) => `evidence-${id}`;

export function EvidenceSection({ caseId, canUpload }: { caseId: string; canUpload: boolean }) {
  const evidence = useEvidence(caseId);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const openRef = useRef<() => void>(null);
  const patch = (key: string, p: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...p } : u)));

  const upload = (files: File[]) => {
    const batch = files.map((f, i) => ({ file: f, key: `${Date.now()}-${i}-${f.name}` }));
    setUploads((all) => [...batch.map(({ file, key }) => ({ key, name: file.name, progress: 0 })), ...all]);
    // Each file is its own request, all at once: one refusal does not stop the others.
    for (const { file, key } of batch) {
      uploadEvidence(caseId, file, (progress) => patch(key, { progress }))
        .then((answer) => {
          if (answer.ok) patch(key, { done: answer.evidence, progress: 1 });
          else patch(key, { refused: uploadRefusal(answer.status, answer.body) });
          if (answer.ok) void refreshCase(caseId);
        })
        .catch((e: unknown) => patch(key, { refused: { message: errorMessages(e).join(' ') } }));
    }
  };

  const items = evidence.data ?? [];
  return (
    <Section id="evidence" title="Evidence">
      {canUpload && (
        <Stack gap="xs">
          <Dropzone
            onDrop={upload}
            openRef={openRef}
            multiple
            activateOnClick={false}
            activateOnKeyboard={false}
          >
            <Stack align="center" gap={4} py="md">
              <Text fw={600}>Drag files here to upload them</Text>
              <Text size="sm" c="gray.7">
                Several at once. The server checks each file's type from its content.
              </Text>
            </Stack>
          </Dropzone>
          <Button size="xs" variant="default" onClick={() => openRef.current?.()} w="fit-content">
            Choose files
          </Button>
          {uploads.length > 0 && (
            <Stack component="ul" gap="xs" className="plain-list" aria-label="Uploads">
              {uploads.map((u) => (
                <li key={u.key} aria-label={u.name}>
                  <Text size="sm" fw={600}>
                    {u.name}
                  </Text>
                  {u.refused ? (
                    <Alert color="red" variant="light" p="xs" role="alert">
                      {u.refused.message}
                      {u.refused.existingId && (
                        <>
                          {' '}
                          <Anchor href={`#${anchor(u.refused.existingId)}`}>
                            See the file already there
                          </Anchor>
                        </>
                      )}
                    </Alert>
                  ) : (
                    <Group gap="sm" wrap="nowrap">
                      <Progress
                        value={Math.round(u.progress * 100)}
                        aria-label={`Upload of ${u.name}`}
                        style={{ flex: 1 }}
                        color={u.done ? 'green.8' : undefined}
                      />
                      <Text size="sm">{u.done ? 'Uploaded' : `${Math.round(u.progress * 100)} %`}</Text>
                    </Group>
                  )}
                </li>
              ))}
            </Stack>
          )}
        </Stack>
      )}
      <Loaded
        query={evidence}
        loading="Loading the evidence…"
        empty={items.length === 0 ? 'No evidence yet.' : null}
      >
        <Stack gap="sm">
          {items.map((e) => (
            <EvidenceItem key={e.id} e={e} />
          ))}
        </Stack>
      </Loaded>
    </Section>
  );
}

function EvidenceItem({ e }: { e: EvidenceView }) {
  const verify = useVerifyEvidence();
  const [showCustody, setShowCustody] = useState(false);
  const custody = useCustody(e.id, showCustody);
  const result = verify.data;
  return (
    <Stack
      component="article"
      gap={4}
      id={anchor(e.id)}
      aria-label={e.filename}
      p="sm"
      style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600}>{e.deletedAt ? <del>{e.filename}</del> : e.filename}</Text>
        <Text size="sm">
          {e.mimeType} · {formatSize(e.size)} · uploaded {formatDateTime(e.uploadedAt)}
        </Text>
      </Group>
      <Text size="sm">
        SHA-256: <Code className="sha">{e.sha256}</Code>
      </Text>
      {e.deletedAt ? (
        <Text size="sm">Deleted {formatDateTime(e.deletedAt)}</Text>
      ) : (
        <Group gap="xs">
          <Button
            component="a"
            href={contentUrl(e.id)}
            download
            size="compact-sm"
            variant="default"
            aria-label={`Download ${e.filename}`}
          >
            Download
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => verify.mutate(e.id)}
            loading={verify.isPending}
            aria-label={`Verify ${e.filename}`}
          >
            Verify
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            onClick={() => setShowCustody((s) => !s)}
            aria-expanded={showCustody}
            aria-label={`Custody log of ${e.filename}`}
          >
            {showCustody ? 'Hide custody log' : 'Custody log'}
          </Button>
        </Group>
      )}
      <div aria-live="polite">
        {result && (
          <Text size="sm" c={result.ok ? 'green.9' : 'red.8'} fw={600} role="status">
            {result.ok
              ? `Verified ${formatDateTime(result.checkedAt)}: the stored file's SHA-256 matches.`
              : result.reason === 'missing'
                ? 'Verification failed: the stored file is missing.'
                : `Verification failed: the stored file's SHA-256 is now ${result.sha256}.`}
          </Text>
        )}
        {verify.isError && <Text c="red.8">{errorMessages(verify.error).join(' ')}</Text>}
      </div>
      {showCustody && (
        <Table aria-label={`Custody log of ${e.filename}`} fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">SHA-256 then</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(custody.data ?? []).map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{formatDateTime(c.at)}</Table.Td>
                <Table.Td>
                  {c.action.replace(/_/g, ' ')}
                  {c.note ? ` (${c.note})` : ''}
                </Table.Td>
                <Table.Td>
                  <Code className="sha">{c.sha256 ?? '—'}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
