import type { ComponentChildren } from 'preact';
import type { z } from 'zod';
import {
  cannotComplyReasons,
  disclosureDelayExtensionRequest,
  orderAnswerRequest,
  orderReceiptRequest,
  orderRestartRequest,
  orderScrutinyRequest,
  type RemovalOrderView,
} from '../../contract';
import { t, type MessageKey } from '../../i18n';
import type { MessageRequest } from '../../messaging';
import { disclosureExtensionFrom, filledValues, orderAnswerFrom, orderRestartFrom, utcNow, type FormEntries } from '../orders/order-form';
import type { OrderPermission } from '../orders/order-permissions';
import type { DashboardPage } from '../page';
import type { FieldErrors } from '../ui/form-errors';
import { ZodForm } from '../ui/zod-form';
import { fieldId, TextField } from './order-fields';

type OrderAction = MessageRequest<'dashboard.order-action'>['action'];

interface ActionFormProps<S extends z.ZodType> {
  page: DashboardPage;
  order: RemovalOrderView;
  action: OrderAction;
  heading: MessageKey;
  submit: MessageKey;
  schema: S;
  read(entries: FormEntries): unknown;
  children(errors: FieldErrors, form: string): ComponentChildren;
  onChanged(order: RemovalOrderView, done: MessageKey): void;
  done: MessageKey;
  onError(error: unknown): void;
}

/** One thing recorded about an order, checked with the API's schema for it, then sent through the background. */
const ActionForm = <S extends z.ZodType>({ page, order, action, heading, submit, schema, read, children, onChanged, done, onError }: ActionFormProps<S>) => {
  const form = `order-${action}`;
  return (
    <section class="order-action" aria-labelledby={`${form}-heading`} data-order-action={action}>
      <h4 id={`${form}-heading`}>{t(heading)}</h4>
      <ZodForm
        id={form}
        label={t(heading)}
        schema={schema}
        read={(element) => read(new FormData(element))}
        onValid={(body) => {
          void page
            .ask('dashboard.order-action', { referralId: order.referralId, action, body } as MessageRequest<'dashboard.order-action'>)
            .then((next) => onChanged(next, done))
            .catch(onError);
        }}
      >
        {(errors) => (
          <>
            {children(errors, form)}
            <button type="submit" data-action={`order-${action}`}>
              {t(submit)}
            </button>
          </>
        )}
      </ZodForm>
    </section>
  );
};

interface OrderActionsProps {
  page: DashboardPage;
  order: RemovalOrderView;
  may: Record<OrderPermission, boolean>;
  onChanged(order: RemovalOrderView, done: MessageKey): void;
  onError(error: unknown): void;
}

/**
 * What the officer records after issuing, each where it applies and for the roles the API admits:
 * the provider's receipt (Art. 3(3): the hour starts), its Annex II or III answer, the restart of
 * the hour (Art. 3(7), 3(8)), the extension of the non-disclosure period (Art. 11(3)) and the copy
 * to the host Member State (Art. 4(1)).
 */
export const OrderActions = ({ page, order, may, onChanged, onError }: OrderActionsProps) => {
  const now = utcNow(page.now());
  const common = { page, order, onChanged, onError };
  const offered = [
    may.receipt && order.status === 'issued',
    may.answer && order.status === 'received',
    may.restart && order.status === 'cannot_comply',
    may.disclosureDelay && order.disclosureDelayEndsAt !== undefined && order.disclosureExtension === undefined && order.status !== 'revoked',
    may.crossBorderCopy && order.crossBorder !== undefined && order.scrutiny?.copyTransmittedAt === undefined && order.status !== 'revoked',
  ];
  const [receipt, answer, restart, disclosure, copy] = offered;
  return (
    <section id="order-actions" aria-labelledby="order-actions-heading">
      <h3 id="order-actions-heading">{t('orderActionsHeading')}</h3>
      {!offered.some(Boolean) ? <p id="order-no-actions">{t('orderNoActions')}</p> : null}
      {receipt ? (
        <ActionForm {...common} action="receipt" heading="orderReceiptHeading" submit="orderReceiptSubmit" done="orderReceiptDone" schema={orderReceiptRequest} read={filledValues}>
          {(errors, form) => <TextField form={form} name="receivedAt" labelKey="orderReceivedAt" hint="orderTimeHint" value={now} errors={errors} />}
        </ActionForm>
      ) : null}
      {answer ? (
        <ActionForm {...common} action="answer" heading="orderAnswerHeading" submit="orderAnswerSubmit" done="orderAnswerDone" schema={orderAnswerRequest} read={orderAnswerFrom}>
          {(errors, form) => (
            <>
              <fieldset id={fieldId(form, 'outcome')}>
                <legend>{t('orderAnswerOutcome')}</legend>
                {(['removed', 'disabled', 'cannot_comply'] as const).map((outcome) => (
                  <label key={outcome} class="inline">
                    <input type="radio" name="outcome" value={outcome} /> {t(`orderOutcome_${outcome}`)}
                  </label>
                ))}
                {errors['outcome'] !== undefined ? (
                  <p class="field-error" role="alert">
                    {t('orderChooseOutcome')}
                  </p>
                ) : null}
              </fieldset>
              <TextField form={form} name="at" alsoFor={['actionAt', 'answeredAt']} labelKey="orderAnswerTime" hint="orderTimeHint" value={now} errors={errors} />
              <div class="field">
                <label for={fieldId(form, 'reason')}>{t('orderCannotComplyReason')}</label>
                <select id={fieldId(form, 'reason')} name="reason">
                  {cannotComplyReasons.map((reason) => (
                    <option key={reason} value={reason}>
                      {t(`orderCannotComply_${reason}`)}
                    </option>
                  ))}
                </select>
              </div>
              <TextField form={form} name="explanation" labelKey="orderCannotComplyExplanation" multiline errors={errors} maxLength={5_000} />
            </>
          )}
        </ActionForm>
      ) : null}
      {restart ? (
        <ActionForm {...common} action="restart" heading="orderRestartHeading" submit="orderRestartSubmit" done="orderRestartDone" schema={orderRestartRequest} read={orderRestartFrom}>
          {(errors, form) => (
            <>
              <fieldset id={fieldId(form, 'cause')}>
                <legend>{t('orderRestartCause')}</legend>
                {(['grounds_ceased', 'clarification_received'] as const).map((cause) => (
                  <label key={cause} class="inline">
                    <input type="radio" name="cause" value={cause} /> {t(`orderRestart_${cause}`)}
                  </label>
                ))}
                {errors['cause'] !== undefined ? (
                  <p class="field-error" role="alert">
                    {t('orderChooseCause')}
                  </p>
                ) : null}
              </fieldset>
              <TextField form={form} name="at" labelKey="orderRestartAt" hint="orderTimeHint" value={now} errors={errors} />
              <TextField form={form} name="clarification" labelKey="orderClarification" multiline errors={errors} maxLength={5_000} />
            </>
          )}
        </ActionForm>
      ) : null}
      {disclosure ? (
        <ActionForm {...common} action="disclosure-delay" heading="orderDisclosureHeading" submit="orderDisclosureSubmit" done="orderDisclosureDone" schema={disclosureDelayExtensionRequest} read={disclosureExtensionFrom}>
          {(errors, form) => (
            <>
              <TextField form={form} name="extendByWeeks" labelKey="orderExtendByWeeks" type="number" errors={errors} />
              <TextField form={form} name="decidedAt" labelKey="orderDecidedAt" hint="orderTimeHint" value={now} errors={errors} />
              <TextField form={form} name="reason" labelKey="orderDisclosureReason" multiline errors={errors} maxLength={2_000} />
            </>
          )}
        </ActionForm>
      ) : null}
      {copy ? (
        <ActionForm {...common} action="scrutiny" heading="orderCopyHeading" submit="orderCopySubmit" done="orderCopyDone" schema={orderScrutinyRequest} read={(entries) => ({ action: 'copy_transmitted', ...filledValues(entries) })}>
          {(errors, form) => <TextField form={form} name="at" labelKey="orderCopyAt" hint="orderTimeHint" value={now} errors={errors} />}
        </ActionForm>
      ) : null}
    </section>
  );
};
