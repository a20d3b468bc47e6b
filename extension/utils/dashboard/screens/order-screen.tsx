import { useEffect, useRef, useState } from 'preact/hooks';
import { orderLanguages, type OrderLanguage, type ReferralView, type RemovalOrderView } from '../../contract';
import { base64ToBytes } from '../../bytes';
import { t, type MessageKey } from '../../i18n';
import type { DashboardSession } from '../messages';
import { orderPermissions } from '../orders/order-permissions';
import type { DashboardPage } from '../page';
import { orderHref, useRouteParams } from '../ui/router';
import { OrderActions } from './order-actions';
import { OrderClocks } from './order-clocks-view';
import { IssueOrderForm } from './order-issue-form';

interface Status {
  text: string;
  error: boolean;
}
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The order as a document, in the language asked: the HTML preview sits in a sandboxed frame with
 * no scripts and no same-origin access (the order quotes the referred content, which is hostile);
 * the PDF is fetched by the background and saved as a file.
 */
const OrderDocument = ({ page, order, onError }: { page: DashboardPage; order: RemovalOrderView; onError(error: unknown): void }) => {
  const [language, setLanguage] = useState<OrderLanguage>(order.language);
  const [html, setHtml] = useState<string | undefined>();
  const ask = (format: 'html' | 'pdf') => page.ask('dashboard.order-document', { referralId: order.referralId, format, lang: language });
  return (
    <section id="order-document" aria-labelledby="order-document-heading">
      <h3 id="order-document-heading">{t('orderDocumentHeading')}</h3>
      <div class="toolbar">
        <label>
          {t('orderDocumentLanguage')}
          <select id="order-document-language" value={language} onChange={(event) => {
              // A preview in another language than the one chosen would mislead: it goes until asked again.
              setLanguage(event.currentTarget.value as OrderLanguage);
              setHtml(undefined);
            }}
          >
            {orderLanguages.map((lang) => (
              <option key={lang} value={lang}>
                {t(`orderLanguage_${lang}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-action="order-preview"
          onClick={() =>
            void ask('html')
              .then((answer) => setHtml(answer.html ?? ''))
              .catch(onError)
          }
        >
          {t('orderPreview')}
        </button>
        <button
          type="button"
          data-action="order-pdf"
          onClick={() =>
            void ask('pdf')
              .then((answer) => {
                page.download(answer.fileName, 'application/pdf', base64ToBytes(answer.base64 ?? ''));
                page.doc.body.dataset.orderPdf = answer.fileName;
              })
              .catch(onError)
          }
        >
          {t('orderDownloadPdf')}
        </button>
      </div>
      {html !== undefined ? <iframe id="order-preview" class="order-preview" title={t('orderPreviewTitle')} sandbox="" srcdoc={html} data-lang={language} /> : null}
    </section>
  );
};

const statusKeys: Record<RemovalOrderView['status'], MessageKey> = {
  issued: 'orderStatus_issued',
  received: 'orderStatus_received',
  completed: 'orderStatus_completed',
  cannot_comply: 'orderStatus_cannot_comply',
  revoked: 'orderStatus_revoked',
};

/** What the order says and what happened to it, as text. */
const OrderSummary = ({ order }: { order: RemovalOrderView }) => {
  const rows: [MessageKey, string | undefined][] = [
    ['orderId', order.orderId],
    ['orderStatus', t(statusKeys[order.status])],
    ['orderIssuedAt', order.issuedAt],
    ['orderAddresseeName', order.addressee.name],
    ['orderReceivedAt', order.receivedAt],
    ['orderAnswerAt', order.answer === undefined ? undefined : `${t(`orderOutcome_${order.answer.outcome}`)} · ${order.answer.at}`],
    ['orderRestarts', order.restarts === undefined || order.restarts.length === 0 ? undefined : order.restarts.map((restart) => `${t(`orderRestart_${restart.cause}`)} · ${restart.at}`).join('; ')],
    ['orderDisclosureEndsAt', order.disclosureDelayEndsAt],
    ['orderDisclosureExtended', order.disclosureExtension === undefined ? undefined : t('orderWeeks', order.disclosureExtension.weeks)],
    ['orderCopyAt', order.scrutiny?.copyTransmittedAt],
  ];
  return (
    <dl id="order-summary" class="order-summary" data-order-status={order.status}>
      {rows
        .filter((row): row is [MessageKey, string] => row[1] !== undefined)
        .map(([label, value]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd dir="auto">{value}</dd>
          </div>
        ))}
    </dl>
  );
};

/** One referral's removal order: the Annex I form until it is issued, then the order's page. */
const ReferralOrder = ({ page, session, referralId }: { page: DashboardPage; session: DashboardSession; referralId: string }) => {
  const [referral, setReferral] = useState<ReferralView | undefined>();
  const [order, setOrder] = useState<RemovalOrderView | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState<Status>({ text: t('loading'), error: false });
  const may = orderPermissions(session.roles);
  // The API's refusal reason, as it gave it (its message names the rule), in an alert.
  const fail = (error: unknown) => setStatus({ text: t('orderRefused', messageOf(error)), error: true });
  const changed = (next: RemovalOrderView, done: MessageKey) => {
    setOrder(next);
    setStatus({ text: t(done), error: false });
    page.doc.body.dataset.orderVersion = String(next.version);
  };

  useEffect(() => {
    let current = true;
    void Promise.all([page.ask('dashboard.referral', { referralId }), page.ask('dashboard.order', { referralId })])
      .then(([detail, answer]) => {
        if (!current) return;
        setReferral(detail.referral);
        setOrder(answer.order);
        setLoaded(true);
        setStatus({ text: '', error: false });
        page.doc.body.dataset.orderLoaded = String(page.now());
      })
      .catch((error: unknown) => current && fail(error));
    return () => {
      current = false;
    };
  }, [page, referralId]);

  return (
    <>
      <p id="order-status" class={status.error ? 'status error' : 'status'} role={status.error ? 'alert' : 'status'}>
        {status.text}
      </p>
      {referral !== undefined ? (
        <p id="order-referral">
          {t('orderForReferral', referral.referralId)} · <span dir="auto">{referral.url}</span>
        </p>
      ) : null}
      {loaded && order === undefined && referral !== undefined ? (
        may.issue ? (
          <section id="order-issue-section" aria-labelledby="order-issue-heading">
            <h3 id="order-issue-heading">{t('orderIssueHeading')}</h3>
            {referral.legalRoute !== 'removal_order' ? <p class="hint">{t('orderRouteIsReferral')}</p> : null}
            <IssueOrderForm page={page} referral={referral} onIssued={(issued) => changed(issued, 'orderIssued')} onError={fail} />
          </section>
        ) : (
          <p id="order-none">{t('orderNone')}</p>
        )
      ) : null}
      {order !== undefined ? (
        <div id="order-page" data-order-id={order.orderId} data-order-version={order.version}>
          <OrderSummary order={order} />
          <OrderClocks page={page} order={order} />
          <OrderDocument page={page} order={order} onError={fail} />
          <OrderActions page={page} order={order} may={may} onChanged={changed} onError={fail} />
        </div>
      ) : null}
    </>
  );
};

/**
 * Removal orders (`#/orders/<referralId>`), Regulation (EU) 2021/784: issue one from a referral,
 * preview and download it in English, French or German, and record what follows, with its clocks.
 */
export const OrderScreen = ({ page, session, location, events }: { page: DashboardPage; session: DashboardSession; location: { hash: string }; events: EventTarget }) => {
  const params = useRouteParams(location, events);
  const box = useRef<HTMLInputElement>(null);
  const referralId = params[0];
  return (
    <section id="order-view" aria-labelledby="order-heading">
      <h2 id="order-heading">{t('ordersScreenHeading')}</h2>
      <form
        id="order-open"
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          const id = box.current?.value.trim() ?? '';
          if (id !== '') location.hash = orderHref(id);
        }}
      >
        <label>
          {t('orderReferralId')}
          <input id="order-referral-id" ref={box} defaultValue={referralId ?? ''} pattern="ref_[0-9a-f]{24}" size={32} spellcheck={false} />
        </label>
        <button type="submit">{t('orderOpen')}</button>
      </form>
      {referralId !== undefined && referralId !== '' ? <ReferralOrder key={referralId} page={page} session={session} referralId={referralId} /> : <p>{t('orderPrompt')}</p>}
    </section>
  );
};
