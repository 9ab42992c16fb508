import { Button, Group, MultiSelect, Paper, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { DateField } from '../ui/DateField';
import { ACTION_LABELS, options, STATUS_LABELS } from '../ui/labels';
import { type CaseFilters, parseCaseFilters, writeCaseFilters } from './case-filter-params';

/**
 * The case filters of statistics and exports. Choices apply at once; typed filters when the form is
 * sent (Enter or "Apply filters"). Give it `key={url}` so a new URL resets the typed fields.
 */
export function CaseFiltersForm({
  filters,
  name,
  fromLabel,
  toLabel,
  onChange,
  onClear,
}: {
  filters: CaseFilters;
  name: string;
  fromLabel: string;
  toLabel: string;
  onChange: (next: CaseFilters) => void;
  onClear: () => void;
}) {
  const [text, setText] = useState({
    region: filters.region ?? '',
    constituencyParty: filters.constituencyParty ?? '',
    issuingBody: filters.issuingBody ?? '',
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ ...filters, ...text });
  };
  const typed = (key: keyof typeof text, label: string) => (
    <TextInput
      label={label}
      value={text[key]}
      onChange={(e) => setText({ ...text, [key]: e.currentTarget.value })}
    />
  );
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label={name}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <MultiSelect
            label="Status"
            data={options(STATUS_LABELS)}
            value={filters.status}
            onChange={(v) => onChange({ ...filters, ...text, status: v as CaseFilters['status'] })}
            clearable
          />
          <MultiSelect
            label="Action type"
            data={options(ACTION_LABELS)}
            value={filters.actionType}
            onChange={(v) => onChange({ ...filters, ...text, actionType: v as CaseFilters['actionType'] })}
            clearable
          />
          {typed('region', 'Region')}
          {typed('constituencyParty', 'Constituency party')}
          {typed('issuingBody', 'Issuing body')}
          <DateField
            label={fromLabel}
            value={filters.from ?? null}
            onChange={(v) => onChange({ ...filters, ...text, from: v ?? undefined })}
          />
          <DateField
            label={toLabel}
            value={filters.to ?? null}
            onChange={(v) => onChange({ ...filters, ...text, to: v ?? undefined })}
          />
          <Group align="flex-end" gap="sm">
            <Button type="submit">Apply filters</Button>
            <Button variant="subtle" onClick={onClear}>
              Clear filters
            </Button>
          </Group>
        </SimpleGrid>
      </form>
    </Paper>
  );
}

/** The URL's search params and the case filters they hold; a change of filters keeps the other params. */
export function useCaseFiltersInUrl() {
  const [params, setParams] = useSearchParams();
  const filters = parseCaseFilters(params);
  const setFilters = (next: CaseFilters) => setParams(writeCaseFilters(next, params));
  return { params, setParams, filters, setFilters };
}
