import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import type { ReportView } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import { LoginGate } from '../../components/login-gate';
import { consequenceOf, labelOf, ratingTags } from '../../lib/rating';
import { getReport, rateReport } from '../../services/api';
import { askSubscription, recordSubscription } from '../../lib/subscribe';
import { clientConfig } from '../../services/client-config';
import './index.css';

/** 评价: 1–5 with words, optional tags and comment; the resident is told what an unsatisfied rating does. */
export default function Rate() {
  const { params } = useRouter();
  const [report, setReport] = useState<ReportView | null>(null);
  const [score, setScore] = useState(0);
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);

  useLoad(() => {
    void clientConfig.load();
    if (params.id) getReport(params.id).then(setReport, () => undefined);
  });

  const toggle = (t: string) => setTags((cur) => (cur.includes(t) ? cur.filter((x) => x !== t) : [...cur, t]));

  async function send() {
    if (!report || score === 0 || sending) return;
    // From the tap itself: progress of a reopened report (or the thanks for a closed one) can reach the resident.
    const asked = askSubscription();
    setSending(true);
    try {
      const after = await rateReport(report.id, { score, tags, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      recordSubscription(await asked);
      void Taro.showToast({ title: after.status === 'closed' ? '感谢您的评价' : '已提交，将重新办理', icon: 'none' });
      await Taro.navigateBack();
    } catch {
      setSending(false);
    }
  }

  return (
    <PageShell className="rate">
      <LoginGate>
        <View className="card">
          <Text className="section__title">您对处理结果满意吗？</Text>
          <View className="stars" role="radiogroup" aria-label="评分">
            {[1, 2, 3, 4, 5].map((n) => (
              <View key={n} role="radio" aria-checked={score === n} aria-label={`${n}分 ${labelOf(n)}`} className={`star ${n <= score ? 'star--on' : ''}`} onClick={() => setScore(n)}>
                <Text className="star__icon">{n <= score ? '★' : '☆'}</Text>
                <Text className="star__label">{labelOf(n)}</Text>
              </View>
            ))}
          </View>
          {score ? <Text className={`consequence ${score < 3 ? 'consequence--warn' : ''}`}>{consequenceOf(score, report?.escalationLevel ?? 0)}</Text> : null}
        </View>
        <View className="card">
          <Text className="section__title">标签（选填）</Text>
          <View className="tags">
            {ratingTags.map((t) => (
              <Text key={t} className={`tag ${tags.includes(t) ? 'tag--on' : ''}`} onClick={() => toggle(t)}>
                {t}
              </Text>
            ))}
          </View>
          <Textarea className="textarea" value={comment} maxlength={500} placeholder="还有什么想说的（选填）" onInput={(e) => setComment(e.detail.value)} />
        </View>
        {/* Not before the report has loaded: until then a tap would do nothing, and the consequence text could be wrong. */}
        <Button className="btn btn--primary btn--huge" disabled={!report || score === 0 || sending || undefined} loading={sending || undefined} onClick={() => void send()}>
          提交评价
        </Button>
      </LoginGate>
    </PageShell>
  );
}
