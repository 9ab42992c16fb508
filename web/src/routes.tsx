import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { LoginPage } from './account/LoginPage';
import { prefetchBoard } from './api/board';
import { prefetchCaseList } from './api/cases';
import { useSession } from './api/session';
import { homeFor } from './ui/nav';
import { NotFoundPage } from './ui/NotFoundPage';
import { RequireSession } from './ui/RequireSession';

function Home() {
  const user = useSession().data!.user;
  return <Navigate to={homeFor(user.role)} replace />;
}

/**
 * Every screen, each loaded when first visited (its own chunk). The paths are part of the contract
 * (PRODUCT.md: e-mails and the calendar link to them). A new screen: a folder per feature under
 * src/, a route here, a line in ui/nav.ts if it belongs in the header.
 */
export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireSession />,
    children: [
      { index: true, element: <Home /> },
      {
        path: 'account',
        lazy: async () => ({ Component: (await import('./account/AccountPage')).AccountPage }),
      },
      {
        path: 'cases',
        // The list is asked for while the screen's code loads, not after (bench/web).
        loader: ({ request }) => {
          void prefetchCaseList(request.url);
          return null;
        },
        lazy: async () => ({ Component: (await import('./cases/CaseListPage')).CaseListPage }),
      },
      {
        path: 'cases/new',
        lazy: async () => ({ Component: (await import('./cases/NewCasePage')).NewCasePage }),
      },
      { path: 'cases/:id', lazy: async () => ({ Component: (await import('./cases/CasePage')).CasePage }) },
      {
        path: 'members/:id',
        lazy: async () => ({ Component: (await import('./members/MemberPage')).MemberPage }),
      },
      {
        path: 'notifications',
        lazy: async () => ({
          Component: (await import('./notifications/NotificationsPage')).NotificationsPage,
        }),
      },
      { path: 'stats', lazy: async () => ({ Component: (await import('./stats/StatsPage')).StatsPage }) },
      {
        path: 'exports',
        lazy: async () => ({ Component: (await import('./exports/ExportsPage')).ExportsPage }),
      },
      {
        path: 'admin/users',
        lazy: async () => ({ Component: (await import('./admin/UsersPage')).UsersPage }),
      },
      {
        path: 'admin/audit',
        lazy: async () => ({ Component: (await import('./admin/AuditPage')).AuditPage }),
      },
      {
        path: 'admin/system',
        lazy: async () => ({ Component: (await import('./admin/SystemPage')).SystemPage }),
      },
      {
        path: 'board',
        loader: ({ request }) => {
          void prefetchBoard(request.url);
          return null;
        },
        lazy: async () => ({ Component: (await import('./board/BoardPage')).BoardPage }),
      },
      {
        path: 'deadlines',
        lazy: async () => ({ Component: (await import('./deadlines/DeadlinesPage')).DeadlinesPage }),
      },
      {
        path: 'calendar',
        lazy: async () => ({ Component: (await import('./deadlines/CalendarPage')).CalendarPage }),
      },
      {
        path: 'reminders',
        lazy: async () => ({ Component: (await import('./reminders/RemindersPage')).RemindersPage }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
