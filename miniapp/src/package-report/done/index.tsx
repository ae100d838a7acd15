import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter, useUnload } from '@tarojs/taro';
import { specialtyNames, type ReportView } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import { formatTime } from '../../lib/format';
import { platform } from '../../platform';
import { getReport } from '../../services/api';
import './index.css';

/** The lines the confirmation reads back, in the order a person would say them. */
function readBack(r: ReportView): [string, string][] {
  const grid = r.grids[0]?.name;
  return [
    ['报事编号', r.no],
    ['您说的', r.transcript ?? r.description],
    ...(r.voiceIds.length ? ([['录音', `${r.voiceIds.length}段，已保存，工作人员可以直接收听`]] as [string, string][]) : []),
    ['问题类别', r.categoryCode === 'other' ? '由工作人员听录音后确定' : (r.category?.name ?? r.categoryCode)],
    ['位置', grid ?? '不在已划分的网格内'],
    ['谁来办', r.assignee ? `${grid ?? ''}的${specialtyNames[r.specialty]}` : '街道指挥中心分派'],
    ...(r.signBy ? ([['什么时候', `${formatTime(r.signBy)} 前签收`]] as [string, string][]) : []),
  ];
}

/** 报事已提交: the report read back in large text, with 朗读 for those who would rather listen. */
export default function Done() {
  const { params } = useRouter();
  const [report, setReport] = useState<ReportView | null>(null);
  const [failed, setFailed] = useState(false);
  const [speechNote, setSpeechNote] = useState<string | null>(null);

  useLoad(() => {
    if (!params.id) return setFailed(true);
    getReport(params.id).then(setReport, () => setFailed(true));
  });
  useUnload(() => platform.stopSpeaking());

  if (failed) return <PageShell><Text className="done__title">报事已提交</Text><Text>可以在首页“我的报事”里查看进度。</Text></PageShell>;
  if (!report) return <PageShell><Text className="muted">加载中…</Text></PageShell>;

  const lines = readBack(report);
  const read = () =>
    platform.speak(`您的报事已提交。${lines.map(([k, v]) => `${k}：${v}`).join('。')}。办理进展会通知您。`).then(
      () => setSpeechNote('正在朗读…'),
      () => setSpeechNote('这台设备暂时不能朗读，请看上面的文字'),
    );

  return (
    <PageShell className="done">
      <Text className="done__title" data-main="true">
        ✓ 报事已提交
      </Text>
      <View className="card">
        {lines.map(([k, v]) => (
          <Text key={k} className="done__line">
            <Text className="done__label">{k}：</Text>
            <Text className="done__value">{v}</Text>
          </Text>
        ))}
        <Text className="done__line">办理进展会通知您，也可以在首页查看。</Text>
      </View>
      <Button className="btn btn--outline done__speak" onClick={() => void read()}>
        🔊 朗读
      </Button>
      {speechNote ? <Text className="muted">{speechNote}</Text> : null}
      <Button className="btn btn--primary" onClick={() => void Taro.redirectTo({ url: `/package-report/detail/index?id=${report.id}` })}>
        查看办理进度
      </Button>
      <Button className="btn btn--outline" onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
        回到首页
      </Button>
    </PageShell>
  );
}
