import { escalationNames, specialtyNames, timelineEventNames, voiceOnlyDescription, type ReportView } from '@linli/shared';
import { formatTime, timeAgo } from './format';

type Summary = Pick<ReportView, 'status' | 'createdAt' | 'canRate' | 'categoryCode' | 'round'> & { category?: { name: string } | undefined };

/** What the problem is called in a sentence: "路灯照明问题"; a voice report left to the dispatcher is "语音报事". */
function problemName(r: Summary): string {
  if (!r.category || r.categoryCode === 'other') return '问题';
  return `${r.category.name}问题`;
}

/** Where a report stands, said the way a neighbour would say it. */
function statusPhrase(r: Summary): string {
  switch (r.status) {
    case 'submitted':
      return '正在等待街道指挥中心分派';
    case 'assigned':
      return '已派给网格员，等待签收';
    case 'accepted':
      return '网格员正在处理';
    case 'resolved':
      return r.canRate ? '已办结，请评价' : '已办结';
    case 'verifying':
      return '已办结，指挥中心正在核查';
    case 'closed':
      return '已办结并评价';
  }
}

/** "您3天前报的路灯照明问题，已办结，请评价" — for the care-mode home, read at a glance or aloud. */
export function reportSentence(r: Summary, now = Date.now()): string {
  const when = timeAgo(r.createdAt, now);
  const reopened = r.round > 1 && (r.status === 'submitted' || r.status === 'assigned' || r.status === 'accepted') ? '（已重新办理）' : '';
  return `您${when === '刚刚' ? '刚刚' : when}报的${problemName(r)}，${statusPhrase(r)}${reopened}`;
}

/** Everything 朗读 reads on the detail page: the status, who has it, the last step and the reply. */
export function readAloudText(r: ReportView, now = Date.now()): string {
  const parts = [reportSentence(r, now) + '。'];
  // A voice-only report without a transcript: say what it is, not the placeholder written for lists.
  if (r.transcript || r.description !== voiceOnlyDescription) parts.push(`您说的是：${r.transcript ?? r.description}。`);
  else parts.push(`您是用语音报的，共${r.voiceIds.length}段录音，可以在下面点播放收听。`);
  const grid = r.grids[0]?.name;
  if (r.assignee) parts.push(`负责的是${grid ? `${grid}的` : ''}${specialtyNames[r.specialty]}。`);
  if (r.escalationLevel > 0) parts.push(`已升级到${escalationNames[r.escalationLevel]}督办。`);
  const last = r.timeline.at(-1);
  if (last) parts.push(`最新进展：${formatTime(last.at)}，${timelineEventNames[last.action]}${last.note ? `，${last.note}` : ''}。`);
  return parts.join('');
}
