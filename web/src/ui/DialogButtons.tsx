import { Button, Group } from '@mantine/core';

/** A dialog form's footer: Cancel (closes) and the submit button, named for what it does. */
export function DialogButtons({
  onCancel,
  submit,
  busy,
  cancel = 'Cancel',
}: {
  onCancel: () => void;
  submit: string;
  busy: boolean;
  cancel?: string;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {cancel}
      </Button>
      <Button type="submit" loading={busy}>
        {submit}
      </Button>
    </Group>
  );
}
