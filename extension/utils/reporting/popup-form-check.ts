import { readManualIndicator } from '../shared-rules';
import { t } from '../i18n';
import { reportForm } from './popup-messages';
import { describeProblems, type FieldProblem } from './popup-view';

/**
 * The check of the popup's form before anything is captured or sent: the report form's schema and
 * the server's indicator extractors. It runs in the background (the `checkForm` message): zod, the
 * contract and the extractors are most of what the popup would otherwise load before an officer
 * can type.
 */

/**
 * Each indicator typed by hand, read as the process stage reads it: the server drops one its
 * extractors refuse, so the popup names the line and what is wrong (a failed checksum is a typo).
 */
const manualIndicatorProblems = (indicators: readonly string[]): FieldProblem[] => {
  const sentences = indicators.flatMap((text, i) => {
    const read = readManualIndicator(text);
    return read.ok ? [] : [indicators.length === 1 ? read.error.message : t('problemLine', i + 1, read.error.message)];
  });
  return sentences.length === 0 ? [] : [{ fieldId: 'manual-indicators', sentence: sentences.join(' ') }];
};

/** A sentence per field the API would refuse; none means the form may be sent. */
export const checkForm = (form: unknown): FieldProblem[] => {
  const checked = reportForm.safeParse(form);
  if (!checked.success) return describeProblems(checked.error.issues);
  return manualIndicatorProblems(checked.data.manualIndicators ?? []);
};
