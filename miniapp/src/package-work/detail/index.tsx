import { useCallback, useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { channelNames, transitions, type Action, type Candidate, type Category, type NearbyReport, type ReportView } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import { ReportMedia } from '../../components/report-media';
import { StaffGate } from '../../components/staff-gate';
import { StatusChip } from '../../components/status-chip';
import { Timeline } from '../../components/timeline';
import { actionQueue } from '../../lib/action-queue';
import { formatTime } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { slaText } from '../../lib/sla-text';
import { taroStore } from '../../lib/storage';
import { platform } from '../../platform';
import { refusalOf, type Refusal } from '../../platform/types';
import { PermissionHelp } from '../../components/permission-help';
import { actOnReport, getReport, listCategories, nearbyReports, reassignCandidates } from '../../services/api';
import { RequestError } from '../../services/request';
import { uploadMedia } from '../../services/upload';
import './index.css';

const queue = actionQueue(taroStore);
// Actions a worker takes from this page; assign/reopen/close belong to the dispatcher's tools.
const offered: Action[] = ['accept', 'resolve', 'return', 'reassign', 'merge'];

/** 报事处置: what the resident reported (text, photos, voice, place), the clock, the timeline, and the allowed actions. */
export default function WorkDetail() {
  const { params } = useRouter();
  const [report, setReport] = useState<ReportView | null>(null);
  const [category, setCategory] = useState<Category | null>(null);
  const [open, setOpen] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [choices, setChoices] = useState<(Candidate | NearbyReport)[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [photoRefusal, setPhotoRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!params.id) return;
    const r = await getReport(params.id);
    setReport(r);
    const cats = await listCategories().catch(() => ({ items: [] as Category[] }));
    setCategory(cats.items.find((c) => c.code === r.categoryCode) ?? null);
  }, [params.id]);
  useDidShow(() => void load());

  async function start(action: Action) {
    setOpen(action);
    setNote('');
    setPhotos([]);
    setPicked(null);
    setProblem(null);
    setChoices([]);
    if (!report) return;
    if (action === 'reassign') setChoices((await reassignCandidates(report.id)).items);
    if (action === 'merge' && report.location.lng !== undefined && report.location.lat !== undefined) {
      const near = await nearbyReports({ lng: report.location.lng, lat: report.location.lat, categoryCode: report.categoryCode, radius: 300 });
      setChoices(near.items.filter((n) => n.id !== report.id));
    }
  }

  async function addPhoto() {
    let paths: string[];
    setPhotoRefusal(null);
    try {
      paths = await platform.chooseImages(3);
    } catch (err) {
      const why = refusalOf(err);
      if (why !== 'cancelled') setPhotoRefusal(why);
      return;
    }
    for (const p of paths) {
      try {
        const m = await uploadMedia(p);
        setPhotos((ps) => [...ps, m.id]);
      } catch {
        setProblem('照片上传失败，请重试');
      }
    }
  }

  async function submit() {
    if (!report || !open || busy) return;
    const t = transitions[open];
    if (t.needs.includes('note') && !note.trim()) return setProblem(t.notePrompt ?? '请填写说明');
    if (open === 'resolve' && category?.needsAfterPhoto && photos.length === 0) return setProblem(`「${category.name}」办结时须上传处置后照片`);
    if ((open === 'reassign' || open === 'merge') && !picked) return setProblem(open === 'reassign' ? '请选择承办人' : '请选择要合并到的原报事');
    const body = {
      action: open,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(photos.length ? { photoIds: photos } : {}),
      ...(open === 'reassign' ? { assigneeId: picked! } : {}),
      ...(open === 'merge' ? { intoId: picked! } : {}),
    };
    // The key goes with the action from the first try, so a replay from the offline queue applies once.
    const key = newIdempotencyKey();
    setBusy(true);
    setProblem(null);
    try {
      setReport(await actOnReport(report.id, body, key));
      setOpen(null);
    } catch (err) {
      if (err instanceof RequestError && err.isNetwork) {
        queue.add({ reportId: report.id, body, key, label: t.label, at: Date.now() });
        setOpen(null);
        setProblem(`网络不给力，「${t.label}」已暂存，联网后会自动提交`);
      } else setProblem(err instanceof RequestError ? err.message : '操作失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  if (!report) return <PageShell><StaffGate><Text className="muted">加载中…</Text></StaffGate></PageShell>;
  const sla = slaText(report);
  const actions = report.allowedActions.filter((a) => offered.includes(a));
  const { lng, lat } = report.location;
  return (
    <PageShell className="work-detail">
      <StaffGate>
        <View className="card detail__head">
          <View className="detail__title-row">
            <Text className="detail__title">{report.category?.name ?? report.categoryCode}</Text>
            <StatusChip status={report.status} />
          </View>
          <Text className="muted">
            编号 {report.no} · {channelNames[report.channel]} · {formatTime(report.createdAt)}
          </Text>
          {sla.text ? <Text className={sla.late ? 'sla--late' : 'muted'}>{sla.text}</Text> : null}
          {report.supervision.level !== 'none' ? <Text className="sla--late">{report.supervision.level === 'red' ? '红牌督办' : '黄牌预警'}</Text> : null}
        </View>
        <View className="card">
          <Text className="section__title">居民反映</Text>
          <ReportMedia report={report} />
          {report.followers ? <Text className="muted">另有{report.followers}位居民反映了同一问题</Text> : null}
        </View>
        <View className="card">
          <Text className="section__title">位置</Text>
          <Text>{[report.grids.map((g) => g.name).reverse().join(' / '), report.location.address].filter(Boolean).join('，') || '未定位'}</Text>
          {lng !== undefined && lat !== undefined ? (
            <Button className="btn btn--outline" onClick={() => void Taro.openLocation({ longitude: lng, latitude: lat, name: report.category?.name ?? '报事位置', address: report.location.address ?? '', scale: 18 }).catch(() => undefined)}>
              导航到现场
            </Button>
          ) : null}
        </View>
        {problem ? <View className="card offline-notice">{problem}</View> : null}
        {actions.length ? (
          <View className="card">
            <Text className="section__title">办理</Text>
            {actions.map((a) => (
              <Button key={a} className={`btn ${a === 'accept' || a === 'resolve' ? 'btn--primary' : 'btn--outline'}`} onClick={() => void (a === 'accept' ? (setOpen('accept'), Promise.resolve()) : start(a))}>
                {transitions[a].label}
              </Button>
            ))}
            {open ? (
              <View className="act__form">
                {open === 'return' || open === 'resolve' || open === 'reassign' ? (
                  <Textarea
                    className="textarea act__textarea"
                    value={note}
                    maxlength={1000}
                    placeholder={open === 'return' ? '退单原因（必填），例如：不属于本网格' : open === 'resolve' ? '办理回复（必填），居民会看到' : '转派说明（选填）'}
                    onInput={(e) => setNote(e.detail.value)}
                  />
                ) : null}
                {open === 'resolve' ? (
                  <View>
                    <Text className="muted">处置后照片{category?.needsAfterPhoto ? '（必传）' : '（选填）'}：已上传{photos.length}张</Text>
                    <Button className="btn btn--outline" onClick={() => void addPhoto()}>
                      ＋ 上传处置后照片
                    </Button>
                    {photoRefusal === 'denied' ? <PermissionHelp capability="photos" onEnabled={() => void addPhoto()} /> : null}
                    {photoRefusal === 'privacy' ? <Text className="error">需要先同意隐私保护指引，才能拍照或选择照片</Text> : null}
                  </View>
                ) : null}
                {choices.map((c) => (
                  <Button key={c.id} className={`btn btn--outline act__pick ${picked === c.id ? 'act__pick--on' : ''}`} onClick={() => setPicked(c.id)}>
                    {'categoryName' in c ? `${c.no ?? ''} ${c.summary ?? c.categoryName}（${c.distanceM ?? '?'}米）` : `${c.name}（${c.gridName}，在办${c.workload}件）`}
                    {picked === c.id ? ' ✓' : ''}
                  </Button>
                ))}
                {open === 'merge' && choices.length === 0 ? <Text className="muted">附近没有可合并的同类报事</Text> : null}
                <Button className="btn btn--primary act__confirm" loading={busy || undefined} disabled={busy || undefined} onClick={() => void submit()}>
                  确认{transitions[open].label}
                </Button>
              </View>
            ) : null}
          </View>
        ) : null}
        <View className="card">
          <Text className="section__title">办理进度</Text>
          <Timeline entries={report.timeline} />
        </View>
      </StaffGate>
    </PageShell>
  );
}
