import { BarChart, LineChart } from '@mantine/charts';
import { Box, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { errorMessages } from '../api/errors';
import { useStatsSummary } from '../api/stats';
import { ErrorSummary } from '../ui/ErrorSummary';
import { PageTitle } from '../ui/PageTitle';
import { Section } from '../ui/Section';
import { type CaseFilters, parseCaseFilters, writeCaseFilters } from './case-filter-params';
import { CaseFiltersForm } from './CaseFiltersForm';
import {
  cellText,
  chartRows,
  FIELD_LABELS,
  groupLabel,
  type GroupBy,
  type StatsField,
  type StatsItem,
} from './stats-table';

const SERIES_COLOURS: Record<StatsField, string> = {
  cases: 'indigo.7',
  open: 'blue.7',
  reinstated: 'teal.8',
  upheld: 'red.8',
  closed: 'gray.7',
  medianDaysToDecision: 'violet.7',
};
const ALL: StatsField[] = ['cases', 'open', 'reinstated', 'upheld', 'closed', 'medianDaysToDecision'];
const OUTCOMES: StatsField[] = ['open', 'reinstated', 'upheld'];

/** /stats: each statistic as a chart and, beside it, a table with the same numbers; the filters are the URL's. */
export function StatsPage() {
  const [params, setParams] = useSearchParams();
  const filters = parseCaseFilters(params);
  const go = (next: CaseFilters) => setParams(writeCaseFilters(next, params));
  return (
    <Stack>
      <PageTitle>Statistics</PageTitle>
      <CaseFiltersForm
        key={params.toString()}
        name="Filter the statistics"
        fromLabel="Action date from"
        toLabel="Action date to"
        filters={filters}
        onChange={go}
        onClear={() => setParams(new URLSearchParams())}
      />
      <Text size="sm" c="dimmed">
        Researchers see only the cases of members who consented to research. Groups with fewer than 5 cases
        may be withheld.
      </Text>
      <StatsBlock
        id="per-month"
        title="Cases per month"
        groupBy="month"
        groupLabel="Month"
        filters={filters}
        chart="bar"
        series={['cases']}
      />
      <StatsBlock
        id="by-region"
        title="Outcomes by region"
        groupBy="region"
        groupLabel="Region"
        filters={filters}
        chart="stacked"
        series={OUTCOMES}
      />
      <StatsBlock
        id="by-action-type"
        title="Outcomes by action type"
        groupBy="actionType"
        groupLabel="Action type"
        filters={filters}
        chart="stacked"
        series={OUTCOMES}
      />
      <StatsBlock
        id="by-issuing-body"
        title="Outcomes by issuing body"
        groupBy="issuingBody"
        groupLabel="Issuing body"
        filters={filters}
        chart="stacked"
        series={OUTCOMES}
      />
      <StatsBlock
        id="median-days"
        title="Median days from notification to decision, per month"
        groupBy="month"
        groupLabel="Month"
        filters={filters}
        chart="line"
        series={['medianDaysToDecision']}
        columns={['cases', 'medianDaysToDecision']}
      />
    </Stack>
  );
}

function StatsBlock({
  id,
  title,
  groupBy,
  groupLabel: groupHeading,
  filters,
  chart,
  series,
  columns = ALL,
}: {
  id: string;
  title: string;
  groupBy: GroupBy;
  groupLabel: string;
  filters: CaseFilters;
  chart: 'bar' | 'stacked' | 'line';
  series: StatsField[];
  columns?: StatsField[];
}) {
  const summary = useStatsSummary(groupBy, filters);
  const items = summary.data?.items ?? [];
  const chartSeries = series.map((name) => ({
    name,
    label: FIELD_LABELS[name],
    color: SERIES_COLOURS[name],
  }));
  const data = chartRows(groupBy, items, series);
  const chartName = `${title}: ${chart === 'line' ? 'line' : 'bar'} chart. The table beside it holds the same numbers.`;
  return (
    <Section id={id} title={title}>
      {summary.isError && (
        <ErrorSummary errors={errorMessages(summary.error).map((message) => ({ message }))} />
      )}
      {summary.data && items.length === 0 ? (
        <Text>No cases match.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          {/* The chart is a picture of the table: one name for it, its parts hidden from screen readers. */}
          <Box role="img" aria-label={chartName} className="stats-chart">
            {chart === 'line' ? (
              <LineChart
                h={280}
                data={data}
                dataKey="group"
                series={chartSeries}
                connectNulls={false}
                curveType="linear"
                withLegend
                lineChartProps={{ accessibilityLayer: false }}
              />
            ) : (
              <BarChart
                h={280}
                data={data}
                dataKey="group"
                series={chartSeries}
                type={chart === 'stacked' ? 'stacked' : 'default'}
                withLegend={series.length > 1}
                barChartProps={{ accessibilityLayer: false }}
              />
            )}
          </Box>
          <Table.ScrollContainer minWidth={columns.length > 2 ? 560 : 240}>
            <Table
              striped
              verticalSpacing={4}
              data-group-by={groupBy}
              aria-busy={summary.isFetching}
              // The filters whose answer the rows show (while the next answer loads, the previous rows stay).
              data-for={summary.isPlaceholderData ? undefined : writeCaseFilters(filters).toString()}
              data-testid={`${id}-table`}
            >
              <Table.Caption>{title}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{groupHeading}</Table.Th>
                  {columns.map((c) => (
                    <Table.Th scope="col" key={c} ta="right">
                      {FIELD_LABELS[c]}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item: StatsItem) => (
                  <Table.Tr key={item.key ?? ''}>
                    <Table.Th scope="row" data-key={item.key ?? ''} fw={500}>
                      {groupLabel(groupBy, item.key)}
                    </Table.Th>
                    {columns.map((c) => (
                      <Table.Td key={c} ta="right">
                        {cellText(item, c)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </SimpleGrid>
      )}
    </Section>
  );
}
