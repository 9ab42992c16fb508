import { Anchor, Badge, Box, Button, Container, Group, Text, VisuallyHidden } from '@mantine/core';
import { useEffect } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { refreshUnreadCount, useUnreadCount } from '../api/notifications';
import { useSignOut } from '../api/session';
import type { SessionView } from '../api/session';
import { ROLE_LABELS } from './labels';
import { mayOpen, NAV } from './nav';
import { NotAvailablePage } from './NotAvailablePage';

/** The frame of every signed-in screen: skip link, header (app name, navigation, unread count, user, sign out), main. */
export function Layout({ session }: { session: SessionView }) {
  const { user, passwordChangeRequired } = session;
  const unread = useUnreadCount(!passwordChangeRequired);
  const { pathname } = useLocation();
  useEffect(() => {
    void refreshUnreadCount();
  }, [pathname]);
  const signOut = useSignOut();
  const links = passwordChangeRequired ? [] : NAV.filter((n) => n.roles.includes(user.role));
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <Box component="header" className="app-header">
        <Container size="xl" py="xs">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Group gap="md" wrap="wrap">
              <Anchor component={NavLink} to="/" className="app-name" underline="never">
                Caseline
              </Anchor>
              <nav aria-label="Main">
                <Group gap="xs" wrap="wrap" component="ul" className="nav-list">
                  {links.map((n) => (
                    <li key={n.to}>
                      <NavLink to={n.to} end className="nav-link">
                        {n.label}
                      </NavLink>
                    </li>
                  ))}
                  {!passwordChangeRequired && (
                    <li>
                      <NavLink to="/notifications" className="nav-link">
                        Notifications{' '}
                        <Badge
                          component="span"
                          size="sm"
                          color={unread.data ? 'red.8' : 'gray.7'}
                          variant="filled"
                          tt="none"
                        >
                          {unread.data ?? 0}
                          <VisuallyHidden> unread</VisuallyHidden>
                        </Badge>
                      </NavLink>
                    </li>
                  )}
                </Group>
              </nav>
            </Group>
            <Group gap="sm" wrap="wrap">
              <Text size="sm">
                <Anchor component={NavLink} to="/account" c="inherit">
                  {user.fullName}
                </Anchor>{' '}
                <Text span size="sm" c="dimmed">
                  ({ROLE_LABELS[user.role]})
                </Text>
              </Text>
              <Button
                size="xs"
                variant="default"
                onClick={() => signOut.mutate()}
                loading={signOut.isPending}
              >
                Sign out
              </Button>
            </Group>
          </Group>
        </Container>
      </Box>
      <Container size="xl" component="main" id="main" tabIndex={-1} py="md">
        {mayOpen(user.role, pathname) ? <Outlet /> : <NotAvailablePage role={user.role} />}
      </Container>
    </>
  );
}
