import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { transitions, type Action, type ReportView } from '@linli/shared';
import { actOnReport } from '../services/api';
import { RequestError } from '../services/request';
import { newIdempotencyKey } from '../lib/idempotency';

const mine: Action[] = ['urge', 'supplement', 'withdraw'];

/** 催办, 补充说明 and 撤回: what the reporter may do now, as the lifecycle table allows it. */
export function ReporterSteps({ report, onChanged }: { report: ReportView; onChanged: (r: ReportView) => void }) {
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const allowed = mine.filter((a) => report.allowedActions.includes(a));
  if (!allowed.length) return null;

  async function send(action: Action, body: { note?: string } = {}) {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      onChanged(await actOnReport(report.id, { action, ...body }, newIdempotencyKey()));
      setWriting(false);
      setNote('');
      if (action === 'urge') void Taro.showToast({ title: '已催办，承办人会收到提醒', icon: 'none' });
    } catch (err) {
      setProblem(err instanceof RequestError ? err.message : '没有成功，请再试一次');
    } finally {
      setBusy(false);
    }
  }

  async function withdraw() {
    const { confirm } = await Taro.showModal({ title: '撤回这条报事？', content: '撤回后不再处理；问题还在的话可以重新报。', confirmText: '撤回', cancelText: '不撤回' });
    if (confirm) await send('withdraw');
  }

  return (
    <View className="card reporter-steps">
      <Text className="section__title">我还可以</Text>
      {allowed.includes('urge') ? (
        <Button className="btn btn--primary" loading={busy || undefined} onClick={() => void send('urge')}>
          {transitions.urge.label}（已超过办理时限）
        </Button>
      ) : null}
      {allowed.includes('supplement') ? (
        writing ? (
          <View>
            <Textarea className="textarea" value={note} maxlength={1000} placeholder={transitions.supplement.notePrompt} onInput={(e) => setNote(e.detail.value)} />
            <Button className="btn btn--primary" loading={busy || undefined} onClick={() => (note.trim() ? void send('supplement', { note: note.trim() }) : setProblem('请写下要补充的情况'))}>
              发送补充说明
            </Button>
          </View>
        ) : (
          <Button className="btn btn--outline" onClick={() => setWriting(true)}>
            {transitions.supplement.label}
          </Button>
        )
      ) : null}
      {allowed.includes('withdraw') ? (
        <Button className="btn btn--text" onClick={() => void withdraw()}>
          {transitions.withdraw.label}（还没有人签收）
        </Button>
      ) : null}
      {report.urges > 0 && !allowed.includes('urge') && report.overdue ? <Text className="muted">今天已催办，明天可以再催</Text> : null}
      {problem ? <Text className="error">{problem}</Text> : null}
    </View>
  );
}
