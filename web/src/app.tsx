import { createTheme, type CSSVariablesResolver, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { queryClient } from './api/client';
import { router } from './routes';

const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  // A focus ring on everything focused by keyboard (WCAG 2.4.7).
  focusRing: 'auto',
  defaultRadius: 'sm',
  // Someone who asked their system for less motion gets popovers, dialogs and menus without
  // fading and sliding (WCAG 2.3.3).
  respectReducedMotion: true,
  components: {
    // Labels are the users' words, exactly (tests and screen readers find fields by them): no "*".
    // Required fields are named in the form's introduction and refused, by name, when left empty.
    InputWrapper: { defaultProps: { withAsterisk: false } },
  },
});

/** Error and dimmed text dark enough for 4.5:1 on white (WCAG 1.4.3); Mantine's defaults are lighter. */
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <DatesProvider settings={{ locale: 'en', firstDayOfWeek: 1 }}>
        <Notifications />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
