import { Alert, Stack, Text, Textarea } from '@mantine/core';
import { Dialog } from '../ui/Dialog';
import { DialogButtons } from '../ui/DialogButtons';
import { useState, type FormEvent } from 'react';
import type { AppealView } from '../api/case-types';
import { useTransition } from '../api/transitions';
import type { CaseStatus, CaseView } from '../api/types';
import {
  AppealFields,
  EMPTY_APPEAL,
  HearingFields,
  type AppealDraft,
  type HearingDraft,
} from '../appeals/AppealFields';
import { appealDateErrors } from '../appeals/appeal-date-errors';
import { DateField } from '../ui/DateField';
import { today } from '../ui/dates';
import { localInstant, localParts } from '../ui/date-time';
import { STATUS_LABELS } from '../ui/labels';
import { ServerErrors } from '../ui/ServerErrors';
import { transitionInputs, transitionVerb } from './case-page';

/**
 * The dialog of one move: asks exactly for what that move's guard needs (a pending appeal — or
 * the appeal to record first —, its hearing date, the decision date, a reason), a note always
 * optional; then sends it. The server's refusal (409, 422) is shown as it says it.
 */
export function TransitionDialog({
  c,
  to,
  pendingAppeal,
  onClose,
}: {
  c: CaseView;
  to: CaseStatus;
  pendingAppeal: AppealView | null;
  onClose: () => void;
}) {
  const needs = transitionInputs(c.status, to);
  const move = useTransition(c.id);
  const [appeal, setAppeal] = useState<AppealDraft>(EMPTY_APPEAL);
  const [hearing, setHearing] = useState<HearingDraft>(() => {
    const parts = localParts(pendingAppeal?.hearingAt);
    return { date: parts.date, time: parts.time || '10:00' };
  });
  const [decidedOn, setDecidedOn] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const title = transitionVerb(c.status, to, STATUS_LABELS[to]);
  const recordAppeal = needs.pendingAppeal && !pendingAppeal;
  const dateErrors = appealDateErrors(move.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hearingAt =
      needs.hearingDate && hearing.date ? localInstant(hearing.date, hearing.time) : undefined;
    move.mutate(
      {
        to,
        version: c.version,
        occurredAt: needs.decisionDate ? (decidedOn ?? undefined) : undefined,
        reason: needs.reason ? reason : undefined,
        note,
        newAppeal: recordAppeal
          ? {
              lodgedAt: appeal.lodgedAt ?? '',
              body: appeal.body,
              ...(appeal.grounds.trim() ? { grounds: appeal.grounds } : {}),
              ...(hearingAt ? { hearingAt } : {}),
            }
          : undefined,
        hearing:
          pendingAppeal && hearingAt && hearingAt !== pendingAppeal.hearingAt
            ? { appeal: pendingAppeal, hearingAt }
            : undefined,
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Dialog onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text>
            From <strong>{STATUS_LABELS[c.status]}</strong> to <strong>{STATUS_LABELS[to]}</strong>.
          </Text>
          {needs.pendingAppeal &&
            (pendingAppeal ? (
              <Text size="sm">
                The pending appeal: lodged with {pendingAppeal.body} on {pendingAppeal.lodgedAt}.
              </Text>
            ) : (
              <Alert color="blue" variant="light" title="This case has no pending appeal">
                <Stack gap="sm">
                  <Text size="sm">Record the appeal first: it is saved before the case moves.</Text>
                  <AppealFields value={appeal} onChange={setAppeal} lodgedAtError={dateErrors.lodgedAt} />
                </Stack>
              </Alert>
            ))}
          {needs.hearingDate && (
            <HearingFields
              value={hearing}
              onChange={setHearing}
              required
              dateError={dateErrors.hearingDate}
            />
          )}
          {needs.decisionDate && (
            <DateField
              label="Decision date"
              description="The day the decision was made, for example 1 Mar 2026"
              required
              maxDate={today()}
              error={dateErrors.decisionDate}
              value={decidedOn}
              onChange={setDecidedOn}
            />
          )}
          {needs.reason && (
            <Textarea
              label="Reason"
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          )}
          <Textarea
            label="Note (optional)"
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <ServerErrors error={move.error} title="The case was not moved" />
          <DialogButtons
            onCancel={onClose}
            submit={recordAppeal ? `Record the appeal and ${title.toLowerCase()}` : title}
            busy={move.isPending}
          />
        </Stack>
      </form>
    </Dialog>
  );
}
