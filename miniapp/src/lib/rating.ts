import { escalationNames, maxEscalationLevel, ratingLabels, satisfiedThreshold } from '@linli/shared';

export const ratingTags = ['处理及时', '态度很好', '问题彻底解决', '回复清楚', '处理太慢', '没有解决', '态度不好'];

/** The label of a score, 1 非常不满意 … 5 非常满意. */
export function labelOf(score: number): string {
  return ratingLabels[score as keyof typeof ratingLabels] ?? '';
}

/** What happens after this score, told to the resident before they send it. */
export function consequenceOf(score: number, escalationLevel: number): string {
  if (score >= satisfiedThreshold) return '提交后本次报事将归档。感谢您的评价！';
  const next = escalationNames[Math.min(escalationLevel + 1, maxEscalationLevel)];
  return `提交后将重新办理（重办），并升级至${next}级督办，网格长会跟进处理。`;
}
