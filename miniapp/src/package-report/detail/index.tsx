import { useCallback, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter, useUnload } from '@tarojs/taro';
import { channelNames, escalationNames, specialtyNames, type ReportView } from '@linli/shared';
import { LoginGate } from '../../components/login-gate';
import { PageShell } from '../../components/page-shell';
import { ReportMedia } from '../../components/report-media';
import { StatusChip } from '../../components/status-chip';
import { Timeline } from '../../components/timeline';
import { SubscribeCard } from '../../components/subscribe-card';
import { FollowerCard } from '../../components/follower-card';
import { PhotoRow } from '../../components/photo-row';
import { RatingCard } from '../../components/rating-card';
import { ReporterSteps } from '../../components/reporter-steps';
import { formatTime, roleLabels } from '../../lib/format';
import { getReport } from '../../services/api';
import { useLiveChanges } from '../../hooks/use-live-changes';
import { readAloudText } from '../../lib/sentences';
import { platform } from '../../platform';
import { useSession } from '../../store/session';
import './index.css';

/** Who handles it, in words that stay true when routing fell back to a leader or a unit took it. */
function handlerText(report: ReportView): string {
  if (report.unit) return report.unit.name;
  if (!report.assignee) return report.status === 'closed' ? '—' : '待街道指挥中心分派';
  return report.assignee.role === 'grid_worker' ? `网格员（${specialtyNames[report.specialty]}）` : (roleLabels[report.assignee.role] ?? '工作人员');
}

/** 详情: status, what was reported, where, who handles it, deadlines, the timeline, and the rating entry. */
export default function ReportDetail() {
  const { params } = useRouter();
  const [report, setReport] = useState<ReportView | null>(null);
  const [missing, setMissing] = useState(false);
  const [speechNote, setSpeechNote] = useState<string | null>(null);
  const { careMode } = useSession();
  useUnload(() => platform.stopSpeaking());

  const load = useCallback(async () => {
    if (!params.id) return setMissing(true);
    try {
      setReport(await getReport(params.id));
    } catch {
      setMissing(true);
    }
  }, [params.id]);

  useDidShow(() => void load());
  // The worker's 签收 and 办结 appear while the resident is looking, without a reload.
  useLiveChanges((changes) => {
    if (changes.some((c) => c.id === params.id)) void load();
  });
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  if (missing) return <PageShell><Text className="muted">找不到这条报事</Text></PageShell>;
  if (!report) return <PageShell><Text className="muted">加载中…</Text></PageShell>;

  const grid = report.grids[0];
  const read = () =>
    platform.speak(readAloudText(report)).then(
      () => setSpeechNote('正在朗读…'),
      () => setSpeechNote('这台设备暂时不能朗读，请看下面的文字'),
    );
  const reply = [...report.timeline].reverse().find((t) => t.action === 'resolve');
  return (
    <PageShell className="detail">
      <LoginGate>
        {params.created ? <View className="card banner">报事已提交，编号 {report.no}。处理进度会显示在下方。</View> : null}
        <View className="card detail__head">
          <View className="detail__title-row">
            <Text className="detail__title">{report.category?.name ?? report.categoryCode}</Text>
            <StatusChip status={report.status} />
          </View>
          <Text className="muted">编号 {report.no} · {channelNames[report.channel]} · {formatTime(report.createdAt)}</Text>
          {report.round > 1 ? (
            <Text className="detail__escalated">
              重办中：第{report.round}轮办理{report.escalationLevel > 0 ? `，${escalationNames[report.escalationLevel]}级督办` : ''}
            </Text>
          ) : null}
        </View>

        {careMode ? (
          <View className="card">
            <Button className="btn btn--outline detail__speak" onClick={() => void read()}>
              🔊 朗读办理进度
            </Button>
            {speechNote ? <Text className="muted">{speechNote}</Text> : null}
          </View>
        ) : null}

        {report.canRate ? (
          <View className="card rate-entry">
            <Text className="rate-entry__text">问题已办结，请评价处理结果</Text>
            <Button className="btn btn--primary" onClick={() => void Taro.navigateTo({ url: `/package-report/rate/index?id=${report.id}` })}>
              去评价
            </Button>
          </View>
        ) : null}

        {reply?.note ? (
          <View className="card reply">
            <Text className="section__title">{report.status === 'resolved' || report.status === 'closed' ? '办理回复' : '上一轮办理回复'}</Text>
            <Text className="reply__text">{reply.note}</Text>
            {reply.photoIds?.length ? <PhotoRow ids={reply.photoIds} label="处置后照片" /> : null}
          </View>
        ) : null}

        <ReporterSteps report={report} onChanged={setReport} />
        {report.joined ? null : <RatingCard ratings={report.ratings} title="我的评价" />}

        {report.joined ? (
          <FollowerCard report={report} onSent={setReport} />
        ) : (
          <View className="card">
            <Text className="section__title">问题描述</Text>
            <ReportMedia report={report} />
          </View>
        )}

        <View className="card facts">
          <View className="facts__row">
            <Text className="facts__label">所在网格</Text>
            <Text className="facts__value">{grid ? report.grids.map((g) => g.name).reverse().join(' / ') : '待街道指挥中心分派'}</Text>
          </View>
          {report.onBehalfOf ? (
            <View className="facts__row">
              <Text className="facts__label">代谁报事</Text>
              <Text className="facts__value">
                {report.onBehalfOf.name}
                {report.onBehalfOf.relation ? `（${report.onBehalfOf.relation}）` : ''}
              </Text>
            </View>
          ) : null}
          {report.location.address ? (
            <View className="facts__row">
              <Text className="facts__label">地址</Text>
              <Text className="facts__value">{report.location.address}</Text>
            </View>
          ) : null}
          <View className="facts__row">
            <Text className="facts__label">承办</Text>
            <Text className="facts__value">{handlerText(report)}</Text>
          </View>
          {report.signBy ? (
            <View className="facts__row">
              <Text className="facts__label">签收时限</Text>
              <Text className="facts__value">{formatTime(report.signBy)}</Text>
            </View>
          ) : null}
          {report.resolveBy ? (
            <View className="facts__row">
              <Text className="facts__label">办结时限</Text>
              <Text className={`facts__value ${report.overdue ? 'facts__value--late' : ''}`}>
                {formatTime(report.resolveBy)}
                {report.overdue ? '（已超时，督办中）' : ''}
              </Text>
            </View>
          ) : null}
        </View>

        {report.status !== 'closed' ? <SubscribeCard /> : null}

        <View className="card">
          <Text className="section__title">办理进度</Text>
          <Timeline entries={report.timeline} />
        </View>
      </LoginGate>
    </PageShell>
  );
}
