import { useCallback, useState } from 'react';
import { Button, Image, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { channelNames, transitions, unitKindNames, type Action, type Candidate, type Category, type NearbyReport, type ReportView, type UnitView, type VerifyResult } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import { WorkBadges } from '../../components/work-badges';
import { mediaUrl } from '../../services/media-url';
import { RatingCard } from '../../components/rating-card';
import { ReportMedia } from '../../components/report-media';
import { StaffGate } from '../../components/staff-gate';
import { StatusChip } from '../../components/status-chip';
import { Timeline } from '../../components/timeline';
import { actionQueue } from '../../lib/action-queue';
import { formatTime, roleLabels } from '../../lib/format';
import { watermarkLines } from '../../lib/watermark';
import { useSession } from '../../store/session';
import { newIdempotencyKey } from '../../lib/idempotency';
import { slaText } from '../../lib/sla-text';
import { taroStore } from '../../lib/storage';
import { platform } from '../../platform';
import { refusalOf, type Refusal } from '../../platform/types';
import { PermissionHelp } from '../../components/permission-help';
import { actOnReport, getReport, listCategories, nearbyReports, reassignCandidates, revealPhone, unitsFor } from '../../services/api';
import { RequestError } from '../../services/request';
import { uploadMedia } from '../../services/upload';
import './index.css';

const queue = actionQueue(taroStore);
// The lifecycle table decides the buttons; the primary ones move the work forward.
const primary: Action[] = ['accept', 'resolve', 'assign', 'dispatch', 'verify'];

/** Where the report is: its grid chain, its address, else its coordinates (a report outside every grid has them too). */
function placeText(r: ReportView): string {
  const chain = r.grids.map((g) => g.name).reverse().join(' / ');
  const point = r.location.lng !== undefined && r.location.lat !== undefined ? `坐标 ${r.location.lng.toFixed(5)}, ${r.location.lat.toFixed(5)}` : '';
  return [chain || (point ? '不在已划分网格内' : ''), r.location.address, chain ? '' : point].filter(Boolean).join('，') || '未定位';
}

/** What a picked choice sends: a unit by its code, a person or a report by id. */
const choiceId = (c: Candidate | NearbyReport | UnitView) => ('kind' in c ? c.code : c.id);

/** A date picked in the form, as the end of that working day (18:00, Beijing time). */
const endOfDay = (date: string) => new Date(`${date}T18:00:00+08:00`).toISOString();

/** 报事处置: what the resident reported (text, photos, voice, place), the clock, the timeline, and the allowed actions. */
export default function WorkDetail() {
  const { params } = useRouter();
  const session = useSession();
  const [report, setReport] = useState<ReportView | null>(null);
  const [category, setCategory] = useState<Category | null>(null);
  const [catalogue, setCatalogue] = useState<Category[]>([]);
  const [subPicked, setSubPicked] = useState<string | null>(null);
  const [open, setOpen] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [choices, setChoices] = useState<(Candidate | NearbyReport | UnitView)[]>([]);
  const [dueDate, setDueDate] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [photoRefusal, setPhotoRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const [unseen, setUnseen] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!params.id) return;
    let r: ReportView;
    try {
      r = await getReport(params.id);
    } catch (err) {
      // A report filed for another grid (a phoned-in call) is that grid's: say it was filed instead of loading forever.
      if (err instanceof RequestError && err.status === 404) {
        setUnseen(params.no ? `已登记，编号 ${decodeURIComponent(params.no)}。这件报事已交给所在网格办理，不在您的管辖范围内，无法查看详情。` : '这件报事不存在，或不在您的管辖范围内。');
      } else setUnseen(err instanceof RequestError && !err.isNetwork ? err.message : '网络不给力，请稍后下拉重试');
      return;
    }
    setUnseen(null);
    setReport(r);
    const cats = await listCategories().catch(() => ({ items: [] as Category[] }));
    setCategory(cats.items.find((c) => c.code === r.categoryCode) ?? null);
    setCatalogue(cats.items);
  }, [params.id]);
  useDidShow(() => void load());

  async function start(action: Action) {
    // A step that asks for nothing (签收) is taken at the tap: no form, no second 确认 button.
    if (!transitions[action].needs.length && !transitions[action].notePrompt && action !== 'resolve') {
      setOpen(null);
      return void submit(action);
    }
    setOpen(action);
    setNote('');
    setPhotos([]);
    setPicked(null);
    setProblem(null);
    setChoices([]);
    setDueDate('');
    setResult(null);
    setSubPicked(null);
    if (!report) return;
    const needs = transitions[action].needs;
    if (needs.includes('assignee')) setChoices((await reassignCandidates(report.id)).items);
    if (needs.includes('unit')) setChoices((await unitsFor(report.id)).items);
    if (needs.includes('intoId') && report.location.lng !== undefined && report.location.lat !== undefined) {
      const near = await nearbyReports({ lng: report.location.lng, lat: report.location.lat, categoryCode: report.categoryCode, radius: 300 });
      setChoices(near.items.filter((n) => n.id !== report.id));
    }
  }

  // The number is revealed for a stated reason (logged), then dialled: never shown in full on the page.
  async function callResident(id: string) {
    try {
      const { phone } = await revealPhone(id, '办理中电话联系居民');
      await Taro.makePhoneCall({ phoneNumber: phone });
    } catch (err) {
      if (err instanceof RequestError) setProblem(err.message);
    }
  }

  // Evidence is taken now with the camera and stamped with when and where (水印), as 水印相机 photos are.
  async function addPhoto() {
    let paths: string[];
    setPhotoRefusal(null);
    try {
      paths = await platform.chooseImages(1, 'camera');
    } catch (err) {
      const why = refusalOf(err);
      if (why !== 'cancelled') setPhotoRefusal(why);
      return;
    }
    const position = await platform.getLocation().catch(() => null);
    const lines = watermarkLines({
      at: new Date(),
      position,
      place: report?.grids[0]?.name ?? placeText(report!),
      who: `${roleLabels[session.user?.role ?? 'grid_worker']} ${session.user?.name ?? ''}`.trim(),
      reportNo: report?.no ?? null,
    });
    for (const taken of paths) {
      // A photo that cannot be stamped still goes up: the server records when it arrived.
      const p = await platform.stampPhoto(taken, lines).catch(() => taken);
      try {
        const m = await uploadMedia(p);
        setPhotos((ps) => [...ps, m.id]);
      } catch {
        setProblem('照片上传失败，请重试');
      }
    }
  }

  async function submit(action: Action | null = open) {
    if (!report || !action || busy) return;
    const t = transitions[action];
    // What the lifecycle table says this step needs, asked for before anything is sent.
    // "退单原因（必填），例如…" → "请写明退单原因".
    if (t.needs.includes('note') && !note.trim()) return setProblem(`请写明${(t.notePrompt ?? '说明').split('（')[0]}`);
    if (action === 'resolve' && category?.needsAfterPhoto && photos.length === 0) return setProblem(`「${category.name}」办结时须上传处置后照片`);
    if ((t.needs.includes('assignee') || t.needs.includes('intoId') || t.needs.includes('unit')) && !picked) {
      return setProblem(t.needs.includes('assignee') ? '请选择承办人' : t.needs.includes('unit') ? '请选择承办单位' : '请选择要合并到的原报事');
    }
    if (t.needs.includes('dueAt') && !dueDate) return setProblem(action === 'extend' ? '请选择延期后的办结日期' : '请选择办结时限');
    if (t.needs.includes('result') && !result) return setProblem('请选择核查结果');
    if (t.needs.includes('category') && !picked) return setProblem('请选择类别');
    const body = {
      action,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(photos.length ? { photoIds: photos } : {}),
      ...(t.needs.includes('assignee') ? { assigneeId: picked! } : {}),
      ...(t.needs.includes('unit') ? { unitCode: picked! } : {}),
      ...(t.needs.includes('intoId') ? { intoId: picked! } : {}),
      ...(t.needs.includes('dueAt') ? { dueAt: endOfDay(dueDate) } : {}),
      ...(result ? { result } : {}),
      ...(t.needs.includes('category') ? { categoryCode: picked!, ...(subPicked ? { subcategoryCode: subPicked } : {}) } : {}),
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

  if (!report) return <PageShell><StaffGate><Text className="muted">{unseen ?? '加载中…'}</Text></StaffGate></PageShell>;
  const sla = slaText(report);
  // The step that moves the work forward first (办结 before 退单).
  const actions = [...report.allowedActions].sort((a, b) => Number(primary.includes(b)) - Number(primary.includes(a)));
  const { lng, lat } = report.location;
  return (
    <PageShell className="work-detail">
      <StaffGate>
        <View className="card detail__head">
          <View className="detail__title-row">
            <Text className="detail__title">
              {report.category?.name ?? report.categoryCode}
              {report.subcategory ? ` · ${report.subcategory.name}` : ''}
            </Text>
            <StatusChip status={report.status} />
          </View>
          <Text className="muted">
            编号 {report.no} · {channelNames[report.channel]} · {formatTime(report.createdAt)}
          </Text>
          <WorkBadges report={report} />
          {report.hotline ? <Text className="muted detail__line">12345工单 {report.hotline.orderNo}，办结时限以热线为准</Text> : null}
          {sla.text ? <Text className={`detail__line ${sla.late ? 'sla--late' : 'muted'}`}>{sla.text}</Text> : null}
          {report.unit ? <Text className="muted">承办单位：{report.unit.name}（{unitKindNames[report.unit.kind]}）</Text> : null}
          {report.instruction ? (
            <Text className="sla--late">
              {report.instruction.level}指挥中心批示：{report.instruction.note}（{formatTime(report.instruction.dueAt)}前）
            </Text>
          ) : null}
          {report.extension?.state === 'pending' ? <Text className="muted">延期申请待批复：至{formatTime(report.extension.dueAt)}，{report.extension.reason}</Text> : null}
        </View>
        <View className="card">
          <Text className="section__title">居民反映</Text>
          <ReportMedia report={report} />
          {report.followers ? <Text className="muted">另有{report.followers}位居民反映了同一问题</Text> : null}
        </View>
        <View className="card">
          <Text className="section__title">位置</Text>
          <Text>{placeText(report)}</Text>
          {report.onBehalfOf ? (
            <Text className="muted detail__line">
              亲友代办：为{report.onBehalfOf.name}
              {report.onBehalfOf.relation ? `（${report.onBehalfOf.relation}）` : ''}报事
            </Text>
          ) : null}
          {report.contactPhone ? (
            <Button className="btn btn--outline" onClick={() => void callResident(report.id)}>
              联系居民 {report.contactPhone}
            </Button>
          ) : null}
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
              <Button key={a} className={`btn ${primary.includes(a) ? 'btn--primary' : 'btn--outline'}`} onClick={() => void start(a)}>
                {transitions[a].label}
              </Button>
            ))}
            {open ? (
              <View className="act__form">
                {transitions[open].notePrompt ? (
                  <Textarea className="textarea act__textarea" value={note} maxlength={1000} placeholder={transitions[open].notePrompt} onInput={(e) => setNote(e.detail.value)} />
                ) : null}
                {transitions[open].needs.includes('dueAt') ? (
                  <Picker mode="date" value={dueDate} start={new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)} onChange={(e) => setDueDate(String(e.detail.value))}>
                    <View className="btn btn--outline act__due">{dueDate ? `${open === 'extend' ? '延期至' : '办结时限'}：${dueDate}` : open === 'extend' ? '选择延期后的办结日期' : '选择办结时限'}</View>
                  </Picker>
                ) : null}
                {transitions[open].needs.includes('category') ? (
                  <View>
                    {catalogue.map((c) => (
                      <Button key={c.code} className={`btn btn--outline act__pick ${picked === c.code ? 'act__pick--on' : ''}`} onClick={() => {
                        setPicked(c.code);
                        setSubPicked(null);
                      }}>
                        {c.name}
                        {picked === c.code ? ' ✓' : ''}
                      </Button>
                    ))}
                    {catalogue
                      .find((c) => c.code === picked)
                      ?.subcategories.filter((s) => s.active)
                      .map((s) => (
                        <Button key={s.code} className={`btn btn--outline btn--small act__pick ${subPicked === s.code ? 'act__pick--on' : ''}`} onClick={() => setSubPicked(subPicked === s.code ? null : s.code)}>
                          {s.name}
                          {subPicked === s.code ? ' ✓' : ''}
                        </Button>
                      ))}
                  </View>
                ) : null}
                {transitions[open].needs.includes('result')
                  ? (['pass', 'fail'] as const).map((v) => (
                      <Button key={v} className={`btn btn--outline act__pick ${result === v ? 'act__pick--on' : ''}`} onClick={() => setResult(v)}>
                        {v === 'pass' ? '核查通过，归档' : '核查不合格，重办'}
                        {result === v ? ' ✓' : ''}
                      </Button>
                    ))
                  : null}
                {open === 'resolve' ? (
                  <View>
                    <Text className="muted">处置后照片{category?.needsAfterPhoto ? '（必传）' : '（选填）'}：已上传{photos.length}张</Text>
                    {photos.length ? (
                      <View className="photos">
                        {photos.map((id) => (
                          <View key={id} className="photos__cell">
                            <Image className="photos__item" src={mediaUrl(id)} mode="aspectFill" onClick={() => void Taro.previewImage({ urls: photos.map(mediaUrl), current: mediaUrl(id) })} />
                            <Text className="photos__remove" onClick={() => setPhotos((ps) => ps.filter((p) => p !== id))} aria-label="删除照片">
                              ×
                            </Text>
                          </View>
                        ))}
                      </View>
                    ) : null}
                    <Button className="btn btn--outline" onClick={() => void addPhoto()}>
                      ＋ 拍摄处置后照片
                    </Button>
                    <Text className="muted">用相机现场拍摄，照片上会加拍摄时间、地点和您的姓名。</Text>
                    {photoRefusal === 'denied' ? <PermissionHelp capability="photos" onEnabled={() => void addPhoto()} /> : null}
                    {photoRefusal === 'privacy' ? <Text className="error">需要先同意隐私保护指引，才能拍照或选择照片</Text> : null}
                  </View>
                ) : null}
                {choices.map((c) => (
                  <Button key={choiceId(c)} className={`btn btn--outline act__pick ${picked === choiceId(c) ? 'act__pick--on' : ''}`} onClick={() => setPicked(choiceId(c))}>
                    {'categoryName' in c
                      ? `${c.no ?? ''} ${c.summary ?? c.categoryName}（${c.distanceM ?? '?'}米）`
                      : 'kind' in c
                        ? `${c.name}（${unitKindNames[c.kind]}${c.fits ? '' : '，非对口'}，在办${c.open ?? 0}件）`
                        : `${c.name}（${c.gridName}，在办${c.workload}件）`}
                    {picked === choiceId(c) ? ' ✓' : ''}
                  </Button>
                ))}
                {open === 'merge' && choices.length === 0 ? <Text className="muted">附近没有可合并的同类报事</Text> : null}
                {open === 'dispatch' && choices.length === 0 ? <Text className="muted">该位置没有可派遣的单位</Text> : null}
                <Button className="btn btn--primary act__confirm" loading={busy || undefined} disabled={busy || undefined} onClick={() => void submit()}>
                  确认{transitions[open].label}
                </Button>
              </View>
            ) : null}
          </View>
        ) : null}
        <RatingCard ratings={report.ratings} title="居民评价" />
        <View className="card">
          <Text className="section__title">办理进度</Text>
          <Timeline entries={report.timeline} />
        </View>
      </StaffGate>
    </PageShell>
  );
}
