import { useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { relations, type Relation } from '@linli/shared';
import Taro, { useLoad } from '@tarojs/taro';
import { AudioClip } from '../../components/audio-clip';
import { HoldToTalk } from '../../components/hold-to-talk';
import { LoginGate } from '../../components/login-gate';
import { PageShell } from '../../components/page-shell';
import { EmergencyBanner } from '../../components/emergency-banner';
import { newIdempotencyKey } from '../../lib/idempotency';
import { callbackNumber } from '../../lib/callback-number';
import { voiceDraft } from '../../lib/voice-draft';
import { platform } from '../../platform';
import type { RecordedClip } from '../../platform/types';
import { locateGrid, submitReport, suggestCategory } from '../../services/api';
import { GridPicker } from '../../components/grid-picker';
import { PermissionHelp } from '../../components/permission-help';
import { askSubscription, recordSubscription } from '../../lib/subscribe';
import { refusalOf, type Refusal } from '../../platform/types';
import { clientConfig } from '../../services/client-config';
import { RequestError } from '../../services/request';
import { uploadMedia } from '../../services/upload';
import './index.css';

interface Clip {
  clip: RecordedClip;
  mediaId: string | null;
  progress: number;
  failed: boolean;
}

const MAX_CLIPS = 5;
const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));
/** What the phone's recogniser heard across the clips, if anything. */
const transcriptOf = (clips: RecordedClip[]) => clips.map((c) => c.transcript).filter(Boolean).join('。');

/** 确认报事 (voice): the recording is uploaded and the place found while the resident listens back; one tap sends it. */
export default function VoiceReport() {
  const [clips, setClips] = useState<Clip[]>(() => voiceDraft.list().map((clip) => ({ clip, mediaId: null, progress: 0, failed: false })));
  const [location, setLocation] = useState<{ lng: number; lat: number } | null>(null);
  const [locationError, setLocationError] = useState<Refusal | null>(null);
  const [gridCode, setGridCode] = useState<string | null>(null);
  const [gridName, setGridName] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // 亲友代办 by voice: a relative speaks for an elder; the pushes come to this phone, staff call the number below.
  const [behalf, setBehalf] = useState<{ name: string; relation?: Relation } | null>(null);
  const [phone, setPhone] = useState(() => callbackNumber.get() ?? '');
  const key = useRef(newIdempotencyKey());
  const busy = useRef(false);

  const patch = (path: string, p: Partial<Clip>) => setClips((cs) => cs.map((c) => (c.clip.path === path ? { ...c, ...p } : c)));

  async function upload(clip: RecordedClip): Promise<string | null> {
    patch(clip.path, { failed: false, progress: 0 });
    try {
      const media = await uploadMedia(clip.path, (progress) => patch(clip.path, { progress }), { durationMs: String(Math.round(clip.durationMs)) });
      patch(clip.path, { mediaId: media.id, progress: 100 });
      return media.id;
    } catch {
      patch(clip.path, { failed: true });
      return null;
    }
  }

  async function locate() {
    setLocationError(null);
    try {
      const here = await platform.getLocation();
      setLocation(here);
      setGridCode(null);
      const { grids } = await locateGrid(here.lng, here.lat);
      setGridName(grids[0]?.name ?? '');
    } catch (err) {
      setLocationError(refusalOf(err));
    }
  }

  async function understand(all: RecordedClip[]) {
    const text = transcriptOf(all);
    if (!text) return;
    try {
      const { best } = await suggestCategory(text);
      setCategory(best.code === 'other' ? null : best.name);
    } catch {
      setCategory(null);
    }
  }

  useLoad(() => {
    void clientConfig.load();
    const all = voiceDraft.list();
    if (all.length === 0) return;
    void Promise.all(all.map(upload));
    void locate();
    void understand(all);
  });

  const addClip = (clip: RecordedClip) => {
    if (clips.length >= MAX_CLIPS) return;
    voiceDraft.add(clip);
    setClips((cs) => [...cs, { clip, mediaId: null, progress: 0, failed: false }]);
    void upload(clip);
    void understand([...clips.map((c) => c.clip), clip]);
    if (!location) void locate();
  };

  async function submit() {
    if (busy.current) return;
    // WeChat shows the subscription prompt only from the tap itself, before anything is awaited.
    const asked = askSubscription();
    busy.current = true;
    setSubmitting(true);
    setProblem(null);
    try {
      // Clips that failed to upload get one more try on the tap; the report never goes without its recording.
      const ids = await Promise.all(clips.map((c) => c.mediaId ?? upload(c.clip)));
      if (ids.some((id) => !id)) return setProblem('录音还没有保存成功，请检查网络后再点“确认提交”');
      if (!location && !gridCode) return setProblem('还没有获取到位置：请点“重新定位”，或选择所在网格');
      if (phone.trim() && !/^1[3-9]\d{9}$/.test(phone.trim())) return setProblem('回电号码请填写11位手机号码，或者清空不填');
      const results = await asked;
      const transcript = transcriptOf(clips.map((c) => c.clip));
      const place = location ? { location } : { gridCode: gridCode! };
      const onBehalfOf = behalf ? { name: behalf.name.trim() || behalf.relation || '家人', ...(behalf.relation ? { relation: behalf.relation } : {}) } : undefined;
      const contactPhone = phone.trim() || undefined;
      const report = await submitReport(
        { description: '', ...(transcript ? { transcript } : {}), ...place, photoIds: [], voiceIds: ids as string[], anonymous: false, ...(onBehalfOf ? { onBehalfOf } : {}), ...(contactPhone ? { contactPhone } : {}) },
        key.current,
      );
      voiceDraft.clear();
      if (contactPhone) callbackNumber.remember(contactPhone);
      recordSubscription(results);
      await Taro.redirectTo({ url: `/package-report/done/index?id=${report.id}` });
    } catch (err) {
      setProblem(
        err instanceof RequestError && err.isNetwork
          ? '网络不给力，录音已保留。恢复网络后再点“确认提交”即可，不会重复提交。'
          : err instanceof RequestError
            ? err.message
            : '提交没有成功，请再点一次',
      );
    } finally {
      busy.current = false;
      setSubmitting(false);
    }
  }

  if (clips.length === 0) {
    return (
      <PageShell className="voice">
        <Text className="voice__lead">还没有录音</Text>
        <HoldToTalk label="按住说话 报事" onClip={addClip} />
      </PageShell>
    );
  }

  const transcript = transcriptOf(clips.map((c) => c.clip));
  return (
    <PageShell className="voice">
      <LoginGate>
        <EmergencyBanner text={transcript} />
        <Text className="voice__lead" data-main="true">
          请确认，然后点“确认提交”
        </Text>
        <View className="card">
          <Text className="section__title">您的录音</Text>
          {clips.map((c, i) => (
            <View key={c.clip.path}>
              <AudioClip src={c.clip.path} label={`第${i + 1}段录音，${seconds(c.clip.durationMs)}秒`} />
              {c.failed ? (
                <Button className="btn btn--outline" onClick={() => void upload(c.clip)}>
                  保存失败，点这里重试
                </Button>
              ) : (
                <Text className="voice__clip-state">{c.mediaId ? '✓ 录音已保存' : `正在保存 ${c.progress}%`}</Text>
              )}
            </View>
          ))}
          {transcript ? (
            <Text className="voice__row">
              <Text className="voice__label">听到的内容：</Text>
              <Text className="voice__value">{transcript}</Text>
            </Text>
          ) : null}
        </View>
        <View className="card">
          <Text className="voice__row">
            <Text className="voice__label">问题类别：</Text>
            <Text className="voice__value">{category ? `${category}（自动识别）` : '由工作人员听录音后确定'}</Text>
          </Text>
          <Text className="voice__row">
            <Text className="voice__label">位置：</Text>
            <Text className="voice__value">
              {location
                ? gridName
                  ? `${gridName}（已自动定位）`
                  : gridName === ''
                    ? '已定位，由街道指挥中心分派'
                    : '已定位'
                : gridCode
                  ? `${gridName ?? gridCode}（您选择的）`
                  : locationError
                    ? '没有获取到位置'
                    : '正在自动定位…'}
            </Text>
          </Text>
          {locationError ? (
            <Button className="btn btn--outline" onClick={() => void locate()}>
              重新定位
            </Button>
          ) : null}
          {locationError === 'denied' ? <PermissionHelp capability="location" onEnabled={() => void locate()} /> : null}
          {locationError && locationError !== 'cancelled' ? (
            <GridPicker
              value={gridCode}
              onPick={(code, name) => {
                setGridCode(code);
                setGridName(name);
              }}
            />
          ) : null}
        </View>
        <View className="card">
          <Button className={`btn btn--outline voice__behalf ${behalf ? 'voice__behalf--on' : ''}`} aria-pressed={!!behalf} onClick={() => setBehalf(behalf ? null : { name: '' })}>
            {behalf ? '✓ 替家人报事（亲友代办）' : '替家人报事（亲友代办）'}
          </Button>
          {behalf ? (
            <View>
              <Text className="voice__label">是您的：</Text>
              <View className="voice__relations" role="radiogroup" aria-label="和您的关系">
                {relations.map((r) => (
                  <View key={r} role="radio" aria-checked={behalf.relation === r} className={`voice__relation ${behalf.relation === r ? 'voice__relation--on' : ''}`} onClick={() => setBehalf({ ...behalf, relation: r })}>
                    <Text>{r}</Text>
                  </View>
                ))}
              </View>
              <Text className="voice__label">家人的称呼（选填）：</Text>
              <Input className="input" maxlength={20} value={behalf.name} placeholder="家人的称呼（选填），例如：王大爷" onInput={(e) => setBehalf({ ...behalf, name: e.detail.value })} nativeProps={{ 'aria-label': '家人的称呼' }} />
            </View>
          ) : null}
          <Text className="voice__label">回电号码（选填）：</Text>
          <Input className="input" type="number" maxlength={11} value={phone} placeholder="回电号码（选填）：工作人员需要时打给您" onInput={(e) => setPhone(e.detail.value)} nativeProps={{ 'aria-label': '回电号码' }} />
        </View>
        {problem ? <View className="card offline-notice">{problem}</View> : null}
        <Button className="btn btn--primary btn--huge voice__submit" data-main="true" loading={submitting || undefined} disabled={submitting || undefined} onClick={() => void submit()}>
          {submitting ? '正在提交…' : '确认提交'}
        </Button>
        {clips.length < MAX_CLIPS ? <HoldToTalk label="按住 再说一段" className="hold--secondary" onClip={addClip} /> : null}
        <Button
          className="btn btn--text"
          onClick={() => {
            voiceDraft.clear();
            void Taro.navigateBack();
          }}
        >
          不报了，返回首页
        </Button>
      </LoginGate>
    </PageShell>
  );
}
