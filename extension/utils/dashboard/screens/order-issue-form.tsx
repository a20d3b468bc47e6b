import { orderLanguages, removalOrderRequest, tcoGrounds, type ReferralView, type RemovalOrderView } from '../../contract';
import { t } from '../../i18n';
import { orderRequestFrom } from '../orders/order-form';
import type { DashboardPage } from '../page';
import { ZodForm } from '../ui/zod-form';
import { fieldId, TextField } from './order-fields';

const form = 'order-issue';

interface IssueOrderFormProps {
  page: DashboardPage;
  referral: ReferralView;
  onIssued(order: RemovalOrderView): void;
  onError(error: unknown): void;
}

/**
 * Issuing a removal order: the sections of the Annex I template of Regulation (EU) 2021/784,
 * checked with the schema the API applies (removalOrderRequest), each error beside its field.
 * The referral's URL starts in Section B as text in an input, never as markup.
 */
export const IssueOrderForm = ({ page, referral, onIssued, onError }: IssueOrderFormProps) => (
  <ZodForm
    id={form}
    className="order-form"
    label={t('orderIssueHeading')}
    schema={removalOrderRequest}
    read={(element) => orderRequestFrom(new FormData(element))}
    onValid={(order) => {
      void page
        .ask('dashboard.issue-order', { referralId: referral.referralId, order })
        .then(onIssued)
        .catch(onError);
    }}
  >
    {(errors) => (
      <>
        <div class="field">
          <label for={fieldId(form, 'language')}>{t('orderLanguage')}</label>
          <select id={fieldId(form, 'language')} name="language">
            {orderLanguages.map((language) => (
              <option key={language} value={language}>
                {t(`orderLanguage_${language}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>{t('orderSectionAuthority')}</legend>
          <TextField form={form} name="issuingAuthority.name" labelKey="orderAuthorityName" errors={errors} maxLength={300} />
          <TextField form={form} name="issuingAuthority.memberState" labelKey="orderMemberState" hint="orderMemberStateHint" errors={errors} maxLength={2} />
          <TextField form={form} name="issuingAuthority.address" labelKey="orderAuthorityAddress" errors={errors} maxLength={500} />
          <TextField form={form} name="issuingAuthority.reference" labelKey="orderAuthorityReference" errors={errors} maxLength={100} />
          <TextField form={form} name="issuingAuthority.contactPoint.name" labelKey="orderContactName" errors={errors} maxLength={200} />
          <TextField form={form} name="issuingAuthority.contactPoint.email" labelKey="orderContactEmail" type="email" errors={errors} />
          <TextField form={form} name="issuingAuthority.contactPoint.phone" labelKey="orderContactPhone" type="tel" errors={errors} maxLength={40} />
        </fieldset>
        <fieldset>
          <legend>{t('orderSectionAddressee')}</legend>
          <TextField form={form} name="addressee.name" labelKey="orderAddresseeName" errors={errors} maxLength={300} />
          <TextField form={form} name="addressee.legalRepresentative" labelKey="orderLegalRepresentative" errors={errors} maxLength={300} />
          <TextField form={form} name="addressee.contactPoint.name" labelKey="orderContactName" errors={errors} maxLength={200} />
          <TextField form={form} name="addressee.contactPoint.email" labelKey="orderContactEmail" type="email" errors={errors} />
          <TextField form={form} name="issuedAt" labelKey="orderIssuedAt" hint="orderIssuedAtHint" errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{t('orderSectionContent')}</legend>
          <TextField form={form} name="content.url" labelKey="orderContentUrl" type="url" value={referral.url} errors={errors} />
          <TextField form={form} name="content.location" labelKey="orderContentLocation" errors={errors} maxLength={1_000} />
          <fieldset id={fieldId(form, 'grounds')} aria-describedby={errors['grounds'] !== undefined ? `${fieldId(form, 'grounds')}-error` : undefined}>
            <legend>{t('orderGrounds')}</legend>
            {tcoGrounds.map((ground) => (
              <label key={ground} class="inline">
                <input type="checkbox" name="grounds" value={ground} /> {t(`orderGround_${ground}`)}
              </label>
            ))}
            {errors['grounds'] !== undefined ? (
              <p id={`${fieldId(form, 'grounds')}-error`} class="field-error" role="alert">
                {errors['grounds']}
              </p>
            ) : null}
          </fieldset>
          <TextField form={form} name="reasoning" labelKey="orderReasoning" multiline errors={errors} maxLength={10_000} />
        </fieldset>
        <fieldset>
          <legend>{t('orderSectionContentProvider')}</legend>
          <label class="inline">
            <input type="checkbox" name="contentProvider.doNotDisclose" id={fieldId(form, 'contentProvider.doNotDisclose')} /> {t('orderDoNotDisclose')}
          </label>
          <TextField form={form} name="contentProvider.delayWeeks" labelKey="orderDelayWeeks" type="number" errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{t('orderSectionCrossBorder')}</legend>
          <p class="hint">{t('orderCrossBorderHint')}</p>
          <TextField form={form} name="crossBorder.hostMemberState" labelKey="orderMemberState" errors={errors} maxLength={2} />
          <TextField form={form} name="crossBorder.authorityName" labelKey="orderHostAuthorityName" errors={errors} maxLength={300} />
          <TextField form={form} name="crossBorder.authorityEmail" labelKey="orderHostAuthorityEmail" type="email" errors={errors} />
          <TextField form={form} name="crossBorder.authorityUnit" labelKey="orderHostAuthorityUnit" errors={errors} maxLength={40} />
        </fieldset>
        <fieldset>
          <legend>{t('orderSectionFollowUp')}</legend>
          <TextField form={form} name="followUpContact.name" labelKey="orderContactName" errors={errors} maxLength={200} />
          <TextField form={form} name="followUpContact.email" labelKey="orderContactEmail" type="email" errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{t('orderSectionRedress')}</legend>
          <TextField form={form} name="redress" labelKey="orderRedress" multiline errors={errors} maxLength={5_000} />
        </fieldset>
        <fieldset>
          <legend>{t('orderSectionEmergency')}</legend>
          <TextField form={form} name="emergency.reason" labelKey="orderEmergencyReason" hint="orderEmergencyHint" multiline errors={errors} maxLength={2_000} />
        </fieldset>
        <button type="submit" data-action="issue-order">
          {t('orderIssue')}
        </button>
      </>
    )}
  </ZodForm>
);
