import { Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';

/** The page's heading and the window's title ("Cases – Caseline"): never anything personal. */
export function PageTitle({ children }: { children: string }) {
  useDocumentTitle(`${children} – Caseline`);
  return (
    <Title order={1} size="h2" mb="md">
      {children}
    </Title>
  );
}
