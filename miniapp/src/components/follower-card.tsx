import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { ReportView } from '@linli/shared';
import { leaveFeedback } from '../services/api';

/**
 * What a resident who joined (我也遇到了) sees in place of the description: why the reporter's place, words and photos
 * are not shown, and — once it is done — a box for their own 评价, which staff read (only the reporter rates).
 */
export function FollowerCard({ report, onSent }: { report: ReportView; onSent: (r: ReportView) => void }) {
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const done = report.status === 'resolved' || report.status === 'closed';
  const send = async () => {
    if (!comment.trim()) return;
    setBusy(true);
    try {
      onSent(await leaveFeedback(report.id, { comment: comment.trim() }));
      setSent(true);
    } catch {
      // The request layer has shown why.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="card">
      <Text className="section__title">您也反映了这个问题</Text>
      <Text className="muted">为保护报事人，这里不显示其位置、描述和照片；办理进度会同样通知您。是否办好由报事人评价。</Text>
      {done && !sent ? (
        <View>
          <Textarea className="textarea" value={comment} maxlength={500} placeholder="说说您看到的处理结果（工作人员可见）" onInput={(e) => setComment(e.detail.value)} />
          <Button className="btn btn--outline" loading={busy || undefined} disabled={busy || !comment.trim() || undefined} onClick={() => void send()}>
            提交意见
          </Button>
        </View>
      ) : null}
      {sent ? <Text className="muted">谢谢，您的意见已转给工作人员</Text> : null}
    </View>
  );
}
