import { BarChart, LineChart } from '@mantine/charts';
import { Box, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { errorMessages } from '../api/errors';
import { useStatsSummary } from '../api/stats';
import { ErrorSummary } from '../ui/ErrorSummary';
import { PageTitle } from '../ui/PageTitle';
import { Section } from '../ui/Section';
import { type CaseFilters, writeCaseFilters } from './case-filter-params';
import { CaseFiltersForm, useCaseFiltersInUrl } from './CaseFiltersForm';
import {
  cellText,
  suppressedText,
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

interface Block {
  id: string;
  title: string;
  groupBy: GroupBy;
  groupLabel: string;
  chart: 'bar' | 'grouped' | 'line';
  series: StatsField[];
  columns?: StatsField[];
}

/** The statistics the page shows, in order: each a chart and a table. */
const BLOCKS: Block[] = [
  {
    id: 'per-month',
    title: 'Cases per month',
    groupBy: 'month',
    groupLabel: 'Month',
    chart: 'bar',
    series: ['cases'],
  },
  {
    id: 'by-region',
    title: 'Outcomes by region',
    groupBy: 'region',
    groupLabel: 'Region',
    chart: 'grouped',
    series: OUTCOMES,
  },
  {
    id: 'by-action-type',
    title: 'Outcomes by action type',
    groupBy: 'actionType',
    groupLabel: 'Action type',
    chart: 'grouped',
    series: OUTCOMES,
  },
  {
    id: 'by-issuing-body',
    title: 'Outcomes by issuing body',
    groupBy: 'issuingBody',
    groupLabel: 'Issuing body',
    chart: 'grouped',
    series: OUTCOMES,
  },
  {
    id: 'median-days',
    title: 'Median days from notification to decision, per month',
    groupBy: 'month',
    groupLabel: 'Month',
    chart: 'line',
    series: ['medianDaysToDecision'],
    columns: ['cases', 'medianDaysToDecision'],
  },
];

/** /stats: each statistic as a chart and, beside it, a table with the same numbers; the filters are the URL's. */
export function StatsPage() {
  const { params, setParams, filters, setFilters } = useCaseFiltersInUrl();
  // The first table's answer (the same query, from the cache) says the threshold, if any.
  const minCell = useStatsSummary('month', filters).data?.minCell;
  return (
    <Stack>
      <PageTitle>Statistics</PageTitle>
      <CaseFiltersForm
        key={params.toString()}
        name="Filter the statistics"
        fromLabel="Action date from"
        toLabel="Action date to"
        filters={filters}
        onChange={setFilters}
        onClear={() => setParams(new URLSearchParams())}
      />
      <Text size="sm" c="dimmed">
        Researchers see only the cases of members who consented to research. A number the server withholds,
        because so few cases could identify someone, reads “{suppressedText(minCell ?? null)}”; a number
        withheld so that the others cannot be added up to give a small one back reads “withheld”, and a chart
        leaves both out. Open counts every case not reinstated or closed, so an upheld case, which may still
        be appealed, is both open and upheld: outcomes are drawn side by side, not stacked.
      </Text>
      {BLOCKS.map((block) => (
        <StatsBlock key={block.id} {...block} filters={filters} />
      ))}
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
}: Block & { filters: CaseFilters }) {
  const summary = useStatsSummary(groupBy, filters);
  const items = summary.data?.items ?? [];
  const chartSeries = series.map((name) => ({
    name,
    label: FIELD_LABELS[name],
    color: SERIES_COLOURS[name],
  }));
  const data = chartRows(groupBy, items, series);
  // Withheld numbers are left out of a chart; when that is all of them, the chart says so instead of
  // drawing empty axes.
  const drawable = data.some((row) => series.some((s) => typeof row[s] === 'number'));
  const chartName = drawable
    ? `${title}: ${chart === 'line' ? 'line' : 'bar'} chart. The table beside it holds the same numbers.`
    : `${title}: nothing to draw, every number is withheld. The table beside it says why.`;
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
            {!drawable ? (
              <Text c="dimmed" py="xl">
                Nothing to draw: every number here is withheld, because so few cases could identify someone.
              </Text>
            ) : chart === 'line' ? (
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
                withLegend={series.length > 1}
                barChartProps={{ accessibilityLayer: false }}
                yAxisProps={{ allowDecimals: false }}
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
                        {cellText(item, c, summary.data?.minCell ?? null)}
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
