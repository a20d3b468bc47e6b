import { useCallback, useEffect, useState } from 'preact/hooks';
import { reviewDecisionRequest, type ReviewView } from '../../contract';
import { t } from '../../i18n';
import type { DashboardPage } from '../page';
import { Field, invalidProps, ZodForm } from '../ui/zod-form';

const statusKey = { pending: 'review_pending', approved: 'review_approved', refused: 'review_refused' } as const;

const readDecision = (form: HTMLFormElement): unknown => {
  const data = new FormData(form);
  const reason = String(data.get('reason') ?? '').trim();
  return { decision: data.get('decision') ?? undefined, ...(reason === '' ? {} : { reason }) };
};

/**
 * Four-eyes review of one referral: a unit that requires it delivers only what a second officer
 * approved as it is now. The requester asks; another officer of the unit approves or refuses with
 * a reason, checked by the schema the API applies.
 */
export const ReviewPanel = ({ page, referralId, onDecided }: { page: DashboardPage; referralId: string; onDecided(): void }) => {
  const [reviews, setReviews] = useState<ReviewView[] | undefined>();
  const [status, setStatus] = useState<{ text: string; error: boolean }>({ text: '', error: false });
  const fail = (error: unknown) => setStatus({ text: error instanceof Error ? error.message : String(error), error: true });

  const load = useCallback(async () => {
    try {
      setReviews((await page.ask('dashboard.review', { referralId })).reviews);
      page.doc.body.dataset.reviewLoaded = String(page.now());
    } catch (error) {
      fail(error);
    }
  }, [page, referralId]);
  useEffect(() => void load(), [load]);

  // Officer ids are shown to the reviewing unit only: a review that names its requester is my unit's.
  const mine = reviews?.find((review) => review.requestedBy !== undefined);
  const mayRequest = mine === undefined || mine.status === 'refused' || (mine.status === 'approved' && !mine.current);
  const pendingForMe = reviews?.find((review) => review.status === 'pending' && !review.requestedByMe && review.requestedBy !== undefined);
  const run = (action: () => Promise<unknown>, done: string) => {
    setStatus({ text: t('working'), error: false });
    void action()
      .then(() => {
        setStatus({ text: done, error: false });
        onDecided();
        return load();
      })
      .catch(fail);
  };

  return (
    <section id="review-panel" class="detail" aria-labelledby="review-heading" data-referral-id={referralId}>
      <h3 id="review-heading">{t('reviewHeading')}</h3>
      <p id="review-status" class={status.error ? 'status error' : 'status'} role="status" aria-live="polite">
        {status.text}
      </p>
      {reviews !== undefined && reviews.length === 0 ? <p>{t('reviewNone')}</p> : null}
      <ul class="reviews">
        {(reviews ?? []).map((review) => (
          <li key={review.unit} data-unit={review.unit} data-review-status={review.status}>
            {t('reviewLine', review.unit, t(statusKey[review.status]), review.requestedBy ?? '—', review.reviewedBy ?? '—')}
            {review.status === 'approved' && !review.current ? ` · ${t('reviewStale')}` : ''}
            {review.reason !== undefined ? (
              <span class="reason" dir="auto">
                {' · '}
                {review.reason}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {mayRequest ? (
        <button type="button" data-action="request-review" onClick={() => run(() => page.ask('dashboard.request-review', { referralId }), t('reviewRequested'))}>
          {t('reviewRequest')}
        </button>
      ) : null}
      {pendingForMe !== undefined ? (
        <ZodForm
          id="review-decision"
          label={t('reviewDecide')}
          schema={reviewDecisionRequest}
          read={readDecision}
          onValid={(decided) => run(() => page.ask('dashboard.decide-review', { referralId, ...decided }), t(decided.decision === 'approved' ? 'reviewApprovedDone' : 'reviewRefusedDone'))}
        >
          {(errors) => (
            <>
              <fieldset>
                <legend>{t('reviewDecide')}</legend>
                <label class="inline">
                  <input type="radio" name="decision" value="approved" /> {t('reviewApprove')}
                </label>
                <label class="inline">
                  <input type="radio" name="decision" value="refused" /> {t('reviewRefuse')}
                </label>
                {errors['decision'] !== undefined ? (
                  <p class="field-error" role="alert">
                    {t('reviewChooseDecision')}
                  </p>
                ) : null}
              </fieldset>
              <Field id="review-reason" label={t('reviewReason')} error={errors['reason']}>
                <textarea id="review-reason" name="reason" rows={3} maxLength={2_000} {...invalidProps('review-reason', errors, 'reason')} />
              </Field>
              <button type="submit" data-action="decide-review">
                {t('reviewSubmit')}
              </button>
            </>
          )}
        </ZodForm>
      ) : null}
    </section>
  );
};
