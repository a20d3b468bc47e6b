import type { Category } from '../../contract/report';
import type { Article16Notice, ContactPoint } from '../../contract/rule-of-law';
import { dsaCategoryOf } from './dsa-mapping';

export interface NoticeReferral {
  referralId: string;
  platform: string;
  platformName: string;
  url: string;
  canonicalUrl: string;
  category: Category;
  title?: string;
  /** Labels the pipeline put on the referral, name and value only (never notes). */
  labels: { name: string; value: string }[];
  firstReportedAt: string;
}

export interface Notifier {
  unitName: string;
  contact: ContactPoint;
}

const groundText: Readonly<Record<Category, string>> = {
  attack_planning: 'threatens to commit or incites the commission of a terrorist offence (Regulation (EU) 2021/784 Art. 2(7)(a) and (e))',
  recruitment: 'solicits participation in the activities of a terrorist group (Regulation (EU) 2021/784 Art. 2(7)(c))',
  fundraising: 'solicits support, including funding, for a terrorist group (Regulation (EU) 2021/784 Art. 2(7)(b) and (c))',
  propaganda: 'glorifies terrorist acts and incites their commission (Regulation (EU) 2021/784 Art. 2(7)(a))',
  instructional: 'gives instruction on making or using explosives, weapons or other methods for a terrorist offence (Regulation (EU) 2021/784 Art. 2(7)(d))',
  other: 'constitutes terrorist content within Regulation (EU) 2021/784 Art. 2(7)',
};

/** DSA Art. 16(2)(d): the notifier's bona fide statement. */
export const goodFaithStatement =
  'I have a bona fide belief that the information and allegations contained in this notice are accurate and complete.';

/**
 * The Art. 16(2) DSA notice for a platform filed by hand: (a) a substantiated explanation,
 * (b) the exact URL, (c) the notifier's name and email (the unit's functional contact, never an
 * officer), (d) the good-faith statement. Built only from what may leave the unit.
 */
export const buildArticle16Notice = (referral: NoticeReferral, notifier: Notifier): Article16Notice => {
  const dsa = dsaCategoryOf[referral.category];
  const groups = referral.labels.filter((l) => l.name === 'group').map((l) => l.value);
  const explanation = [
    `The content at the URL below ${groundText[referral.category]}.`,
    `It is terrorist content under Article 2(7) of Regulation (EU) 2021/784 and illegal content under Article 3(h) of Regulation (EU) 2022/2065 (Digital Services Act).`,
    groups.length > 0 ? `It is attributed to: ${groups.join(', ')}.` : '',
    `Category: ${dsa.label} (DSA transparency database: ${dsa.statementCategory}, ${dsa.keyword}).`,
    `First identified by ${notifier.unitName} on ${referral.firstReportedAt.slice(0, 10)}.`,
  ]
    .filter((line) => line !== '')
    .join(' ');
  const subject = `Notice under Article 16 DSA (trusted flagger, Article 22): terrorist content on ${referral.platformName} [${referral.referralId}]`;
  const emailBody = [
    `To the ${referral.platformName} notice and action team,`,
    '',
    `${notifier.unitName} notifies the following content under Article 16 of Regulation (EU) 2022/2065 (Digital Services Act).`,
    '',
    `(a) Why the content is illegal: ${explanation}`,
    `(b) Exact electronic location: ${referral.url}${referral.canonicalUrl !== referral.url ? ` (canonical form: ${referral.canonicalUrl})` : ''}`,
    `(c) Notifier: ${notifier.unitName}, ${notifier.contact.name}, ${notifier.contact.email}`,
    `(d) ${goodFaithStatement}`,
    '',
    `Please quote the reference ${referral.referralId} in your reply.`,
  ].join('\n');
  return {
    referralId: referral.referralId,
    platform: referral.platform,
    subject,
    emailBody,
    formFields: {
      explanation,
      exactUrl: referral.url,
      notifierName: `${notifier.unitName} (${notifier.contact.name})`,
      notifierEmail: notifier.contact.email,
      goodFaithStatement,
      statementCategory: dsa.statementCategory,
      keyword: dsa.keyword,
    },
  };
};
