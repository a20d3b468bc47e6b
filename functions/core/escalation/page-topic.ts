/**
 * The SNS name of a unit's page topic. The CDK stateful stack creates one per unit of
 * `referralDesk:pageTopicUnits` under this name, and the escalation function may publish to
 * exactly those topics; the local stack creates the same names in fauxqs.
 */
export const unitPageTopicName = (stagePrefix: string, unit: string): string => `${stagePrefix}-referral-desk-pages-${unit}`;
