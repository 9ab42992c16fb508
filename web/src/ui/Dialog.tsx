import { Modal, type ModalProps } from '@mantine/core';

/** Mantine's Modal, its close button named for screen readers (axe: button-name). */
export function Dialog(props: Omit<ModalProps, 'opened'>) {
  return <Modal opened closeButtonProps={{ 'aria-label': 'Close the dialog' }} {...props} />;
}
