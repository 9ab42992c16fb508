import { Center, Loader } from '@mantine/core';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session';
import { Layout } from './Layout';

/**
 * Every screen but /login: no session → the sign-in page (which comes back here after);
 * a session whose password must change → /account before anything else.
 */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Center h="50vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (!session.data) {
    const back = location.pathname + location.search;
    return <Navigate to={back === '/' ? '/login' : `/login?next=${encodeURIComponent(back)}`} replace />;
  }
  if (session.data.passwordChangeRequired && location.pathname !== '/account') {
    return <Navigate to="/account" replace />;
  }
  return <Layout session={session.data} />;
}
