import {
  Anchor,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import classes from './exports.module.css';
import { errorMessages } from '../api/errors';
import { type ExportManifest, useExports, useStartExport } from '../api/exports';
import { useSession } from '../api/session';
import { ErrorSummary } from '../ui/ErrorSummary';
import { formatDateTime } from '../ui/labels';
import { PageTitle } from '../ui/PageTitle';
import { Section } from '../ui/Section';
import { writeCaseFilters } from '../stats/case-filter-params';
import { CaseFiltersForm, useCaseFiltersInUrl } from '../stats/CaseFiltersForm';
import {
  describeFilters,
  downloadNowUrl,
  EXPORT_FORMATS,
  exportBody,
  type ExportChoice,
  type ExportFormat,
  formatBytes,
  FORMAT_LABELS,
  mayChooseNamed,
  parseExportChoice,
  writeExportChoice,
} from './export-request';

const STATUS_COLOURS: Record<ExportManifest['status'], string> = {
  queued: 'blue.9',
  running: 'blue.9',
  done: 'teal.9',
  failed: 'red.9',
};

const STATUS_WORDS: Record<ExportManifest['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Complete',
  failed: 'Failed',
};

/** /exports: the builder (filters, format, pseudonymisation; all in the URL) and the caller's background exports. */
export function ExportsPage() {
  const role = useSession().data!.user.role;
  const { params, setParams, filters, setFilters } = useCaseFiltersInUrl();
  const choice = parseExportChoice(params, role);
  const choose = (change: Partial<ExportChoice>) =>
    setParams(writeExportChoice({ ...choice, ...change }, params));
  const start = useStartExport();
  const named = mayChooseNamed(role);

  return (
    <Stack>
      <PageTitle>Exports</PageTitle>
      <CaseFiltersForm
        // A new URL resets the typed fields; a change of format or pseudonymisation leaves them be.
        key={writeCaseFilters(filters).toString()}
        name="Cases to export"
        fromLabel="Events from"
        toLabel="Events to"
        filters={filters}
        onChange={setFilters}
        onClear={() => setParams(writeExportChoice(choice, new URLSearchParams()))}
      />
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group align="flex-start" gap="lg" wrap="wrap">
            <Select
              label="Format"
              data={EXPORT_FORMATS.map((value) => ({ value, label: FORMAT_LABELS[value] }))}
              value={choice.format}
              onChange={(v) => v && choose({ format: v as ExportFormat })}
              allowDeselect={false}
              w={260}
            />
            <Stack gap="xs" pt={4}>
              <Checkbox
                label="Pseudonymised"
                description={
                  named
                    ? choice.pseudonymise
                      ? 'Members appear as pseudonyms (M-…), their contact details left out. Untick for a named export.'
                      : 'A named export: members’ names appear, including members who did not consent to research. Treat the file as personal data.'
                    : 'Researchers’ exports are always pseudonymised: members appear as pseudonyms (M-…), without names or contact details, and only members who consented to research are included.'
                }
                checked={choice.pseudonymise}
                disabled={!named}
                onChange={(e) => choose({ pseudonymise: e.currentTarget.checked })}
              />
              <Checkbox
                label="Include superseded events"
                description="Events a correction replaced (TimelineJS always leaves them out)"
                checked={choice.includeSuperseded}
                onChange={(e) => choose({ includeSuperseded: e.currentTarget.checked })}
              />
            </Stack>
          </Group>
          {start.isError && (
            <ErrorSummary errors={errorMessages(start.error).map((message) => ({ message }))} />
          )}
          <Group gap="sm" wrap="wrap">
            <Button onClick={() => start.mutate(exportBody(filters, choice))} loading={start.isPending}>
              Start export
            </Button>
            <Button component="a" variant="default" href={downloadNowUrl(filters, choice)} download>
              Download now
            </Button>
            <Text size="sm" c="dimmed">
              “Download now” streams small exports straight away; a large one is better started in the
              background.
            </Text>
          </Group>
        </Stack>
      </Paper>
      <ExportList />
    </Stack>
  );
}

function ExportList() {
  const list = useExports();
  const items = list.data?.items ?? [];
  return (
    <Section id="my-exports" title="Your exports">
      {list.isError && <ErrorSummary errors={errorMessages(list.error).map((message) => ({ message }))} />}
      {list.data && items.length === 0 ? (
        <Text>No exports yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="xs" aria-busy={list.isFetching} className={classes.list}>
            <Table.Caption>Your background exports, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Requested</Table.Th>
                <Table.Th scope="col">Format and filters</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Manifest</Table.Th>
                <Table.Th scope="col">File</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <ExportRow key={e.id} e={e} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <VerifierHelp />
    </Section>
  );
}

/** How to check an export without trusting Caseline (docs/verifiable-record.md). */
function VerifierHelp() {
  return (
    <Stack gap="xs" mt="md" component="section" aria-labelledby="check-an-export">
      <Text fw={700} id="check-an-export">
        Check an export
      </Text>
      <Text size="sm">
        Every background export carries a proof for every row against a signed checkpoint of the record (for
        CSV, in the proofs file beside it; a TimelineJS slide proves its event is in the record, not its
        wording). Anyone can check them with Caseline’s verifier, one file that needs only Node: save the{' '}
        <Anchor href="/api/log/key" underline="always">
          verifier key
        </Anchor>{' '}
        as key.txt, then run <Code>npm run verify -- --key key.txt caseline-timeline-….csv</Code> (the proofs
        file beside the CSV) or <Code>node verify.mjs --key key.txt export.json</Code> with a copy of{' '}
        <Code>scripts/verify.mjs</Code>.
      </Text>
    </Stack>
  );
}

function ExportRow({ e }: { e: ExportManifest }) {
  const active = e.status === 'queued' || e.status === 'running';
  return (
    <Table.Tr data-export-id={e.id} data-status={e.status}>
      <Table.Th scope="row" fw={400}>
        {formatDateTime(e.createdAt)}
      </Table.Th>
      <Table.Td>
        <Text size="sm" fw={600}>
          {FORMAT_LABELS[e.format] ?? e.format}, {e.pseudonymised ? 'pseudonymised' : 'named'}
        </Text>
        <Text size="sm">{describeFilters(e.filters)}</Text>
      </Table.Td>
      <Table.Td>
        {/* Read out as it changes: the list is asked again every second while an export runs. */}
        <div role="status" aria-live="polite">
          <Text span fw={700} c={STATUS_COLOURS[e.status]}>
            {STATUS_WORDS[e.status]}
          </Text>{' '}
          {active && (
            <Text span size="sm">
              {e.progress.toLocaleString('en-GB')} rows written
            </Text>
          )}
          {e.error && (
            <Text size="sm" c="red.9">
              {e.error}
            </Text>
          )}
        </div>
      </Table.Td>
      <Table.Td>
        <dl className={classes.manifest}>
          <dt>Rows</dt>
          <dd data-field="rows">{e.rowCount?.toLocaleString('en-GB') ?? '–'}</dd>
          <dt>Size</dt>
          <dd data-field="bytes" data-bytes={e.bytes ?? ''}>
            {formatBytes(e.bytes) || '–'}
          </dd>
          <dt>SHA-256</dt>
          <dd>
            {e.sha256 ? (
              <Code data-field="sha256" className={classes.hash}>
                {e.sha256}
              </Code>
            ) : (
              '–'
            )}
          </dd>
          <dt>Started</dt>
          <dd>{e.startedAt ? formatDateTime(e.startedAt) : '–'}</dd>
          <dt>Completed</dt>
          <dd>{e.completedAt ? formatDateTime(e.completedAt) : '–'}</dd>
        </dl>
      </Table.Td>
      <Table.Td>
        {e.status === 'done' && !e.fileDeletedAt && (
          <Stack gap={4}>
            <Anchor href={`/api/exports/${e.id}/download`} download>
              Download<VisuallyHidden> the export of {formatDateTime(e.createdAt)}</VisuallyHidden>
            </Anchor>
            {e.format === 'csv' && (
              <Anchor href={`/api/exports/${e.id}/proofs`} download>
                Proofs file<VisuallyHidden> of the export of {formatDateTime(e.createdAt)}</VisuallyHidden>
              </Anchor>
            )}
            {(e.format === 'json' || e.format === 'ndjson') && <Text size="sm">Proofs inside the file</Text>}
          </Stack>
        )}
        {e.fileDeletedAt && <Text size="sm">Removed {formatDateTime(e.fileDeletedAt)}</Text>}
      </Table.Td>
    </Table.Tr>
  );
}
