import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Image, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { describeLimit, distanceBandLabels, relations, statusNames, type Category, type GridBoundary, type SuggestResponse } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import { LoginGate } from '../../components/login-gate';
import { draftStore, emptyDraft, hasContent, type Draft } from '../../lib/draft';
import { categoryIcons } from '../../lib/format';
import { validateDraft, type FormErrors } from '../../lib/report-form';
import { taroStore } from '../../lib/storage';
import { callbackNumber } from '../../lib/callback-number';
import { platform } from '../../platform';
import { gridBoundaries, joinReport, listCategories, locateGrid, nearbyReports, submitReport, suggestCategory } from '../../services/api';
import { PlaceMap } from '../../components/place-map';
import { GridPicker } from '../../components/grid-picker';
import { EmergencyBanner } from '../../components/emergency-banner';
import { PermissionHelp } from '../../components/permission-help';
import { askSubscription, recordSubscription } from '../../lib/subscribe';
import { refusalOf, type Refusal } from '../../platform/types';
import { clientConfig } from '../../services/client-config';
import type { NearbyReport } from '@linli/shared';
import { mediaUrl } from '../../services/media-url';
import { RequestError } from '../../services/request';
import { uploadMedia } from '../../services/upload';
import './index.css';

const drafts = draftStore(taroStore);
const MAX_PHOTOS = 9;
const MAX_WORDS = 2000;
const rememberedPhone = () => {
  const phone = callbackNumber.get();
  return phone ? { contactPhone: phone } : {};
};

interface Upload {
  progress: number;
  failed: boolean;
}

/** 报事: category, description, photos, location, anonymity — saved as a draft on every change. */
export default function NewReport() {
  const router = useRouter();
  const [categories, setCategories] = useState<Category[]>([]);
  const [draft, setDraft] = useState<Draft>(() => emptyDraft());
  const [uploads, setUploads] = useState<Record<string, Upload>>({});
  const [gridName, setGridName] = useState<string | null>(null);
  // The outline of the grid the pin is in, drawn on the map around it.
  const [areas, setAreas] = useState<GridBoundary[]>([]);
  const areaCode = useRef<string | undefined>(undefined);
  const [errors, setErrors] = useState<FormErrors>({});
  const [submitting, setSubmitting] = useState(false);
  // Shown in the page, not only as a toast, so nobody has to read it in two seconds.
  const [offline, setOffline] = useState(false);
  const submittingRef = useRef(false);
  const [offered, setOffered] = useState<Draft | null>(null);
  const [nearby, setNearby] = useState<NearbyReport[]>([]);
  // Why there is no position or no photo picker: a denied permission can be turned back on; a refused privacy
  // guide cannot from here, so the resident names the grid and reports without photos.
  const [locationProblem, setLocationProblem] = useState<Refusal | null>(null);
  const [photosProblem, setPhotosProblem] = useState<Refusal | null>(null);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  // No category chosen yet: the suggester's guesses from the words, offered under them to pick with one tap.
  const [guesses, setGuesses] = useState<SuggestResponse['items']>([]);
  const words = draft.description.trim();
  useEffect(() => {
    if (draft.categoryCode || words.length < 4) return setGuesses([]);
    const timer = setTimeout(() => {
      suggestCategory(words).then(
        (r) => setGuesses(r.items.filter((i) => i.code !== 'other' && i.confidence >= 0.15)),
        () => setGuesses([]),
      );
    }, 500);
    return () => clearTimeout(timer);
  }, [words, draft.categoryCode]);

  useLoad(() => {
    // The subscribe template ids must be at hand when 提交报事 is tapped.
    void clientConfig.load();
    listCategories().then((r) => setCategories(r.items), () => undefined);
    const saved = drafts.load();
    const preset = router.params.category ?? '';
    if (hasContent(saved)) {
      // Offered in the page, not in a modal: nothing covers the form, and nothing times out.
      setOffered(saved);
      if (!saved.location) void locate();
      else void describeGrid(saved.location.lng, saved.location.lat);
    } else {
      update({ categoryCode: preset, ...rememberedPhone() });
      void locate();
    }
  });

  // While a saved draft is on offer, the empty form must not overwrite it.
  useEffect(() => {
    if (!offered) drafts.save(draft);
  }, [draft, offered]);

  // 我也遇到了: the same problem already reported close by is offered before a duplicate is filed.
  const { categoryCode } = draft;
  const lng = draft.location?.lng;
  const lat = draft.location?.lat;
  useEffect(() => {
    if (!categoryCode || lng === undefined || lat === undefined) return setNearby([]);
    nearbyReports({ lng, lat, categoryCode }).then(
      (r) => setNearby(r.items.filter((n) => !n.mine)),
      () => setNearby([]),
    );
  }, [categoryCode, lng, lat]);

  async function join(id: string) {
    if (lng === undefined || lat === undefined) return;
    try {
      await joinReport(id, { lng, lat });
      drafts.clear();
      await Taro.redirectTo({ url: `/package-report/detail/index?id=${id}` });
    } catch {
      // The request layer has shown why; the form stays as it was.
    }
  }

  function resume(keep: boolean) {
    // A position found while the offer was showing is kept if the draft had none.
    if (keep && offered) setDraft((d) => ({ ...offered, location: offered.location ?? d.location }));
    else {
      drafts.clear();
      setDraft({ ...emptyDraft(), categoryCode: router.params.category ?? '', ...rememberedPhone() });
      void locate();
    }
    setOffered(null);
  }

  async function describeGrid(lng: number, lat: number) {
    try {
      const { grids } = await locateGrid(lng, lat);
      setGridName(grids[0]?.name ?? '');
      const code = grids[0]?.code;
      // A pin moved within the same grid keeps the outline it has: no second fetch.
      if (code === areaCode.current) return;
      areaCode.current = code;
      setAreas([]);
      if (code) gridBoundaries([code]).then((r) => setAreas(r.items), () => setAreas([]));
    } catch {
      setGridName(null);
    }
  }

  // The pin moved on the map: the typed address line stays, the grid is looked up again.
  async function movePin(p: { lng: number; lat: number }) {
    setDraft((d) => ({ ...d, location: { ...p, ...(d.location?.address ? { address: d.location.address } : {}) }, gridCode: null }));
    setErrors((e) => ({ ...e, location: undefined }));
    await describeGrid(p.lng, p.lat);
  }

  async function locate() {
    setLocationProblem(null);
    try {
      const here = await platform.getLocation();
      update({ location: { ...here }, gridCode: null });
      setErrors((e) => ({ ...e, location: undefined }));
      await describeGrid(here.lng, here.lat);
    } catch (err) {
      const why = refusalOf(err);
      setLocationProblem(why);
      if (why === 'unavailable') setErrors((e) => ({ ...e, location: '无法获取位置，请打开手机定位后点“重新定位”，或选择所在网格' }));
    }
  }

  function pickGrid(code: string, name: string) {
    update({ gridCode: code, location: null });
    setGridName(name);
    setErrors((e) => ({ ...e, location: undefined }));
  }

  async function pickOnMap() {
    const picked = await platform.chooseLocation?.();
    if (!picked) return;
    update({ location: picked });
    await describeGrid(picked.lng, picked.lat);
  }

  async function upload(localPath: string) {
    setUploads((u) => ({ ...u, [localPath]: { progress: 0, failed: false } }));
    try {
      const media = await uploadMedia(localPath, (progress) => setUploads((u) => ({ ...u, [localPath]: { progress, failed: false } })));
      setDraft((d) => ({ ...d, photos: d.photos.map((p) => (p.localPath === localPath ? { mediaId: media.id } : p)) }));
    } catch (err) {
      setUploads((u) => ({ ...u, [localPath]: { progress: 0, failed: true } }));
      void Taro.showToast({ title: err instanceof RequestError ? err.message : '上传失败，点照片重试', icon: 'none' });
    }
  }

  async function addPhotos() {
    const room = MAX_PHOTOS - draft.photos.length;
    if (room <= 0) return;
    let paths: string[];
    setPhotosProblem(null);
    try {
      paths = await platform.chooseImages(room);
    } catch (err) {
      const why = refusalOf(err);
      if (why !== 'cancelled') setPhotosProblem(why);
      return;
    }
    setDraft((d) => ({ ...d, photos: [...d.photos, ...paths.map((localPath) => ({ localPath }))] }));
    await Promise.all(paths.map(upload));
  }

  function removePhoto(i: number) {
    setDraft((d) => ({ ...d, photos: d.photos.filter((_, j) => j !== i) }));
  }

  async function submit() {
    // A second tap while the first is in flight does nothing; a retry later reuses the same key.
    if (submittingRef.current) return;
    const { body, errors: found } = validateDraft(draft);
    setErrors(found);
    if (!body) {
      void Taro.showToast({ title: Object.values(found)[0] ?? '请检查填写内容', icon: 'none' });
      return;
    }
    // WeChat shows the subscription prompt only from the tap itself, before anything is awaited.
    const asked = askSubscription();
    submittingRef.current = true;
    setSubmitting(true);
    setOffline(false);
    try {
      const results = await asked;
      const report = await submitReport(body, draft.idempotencyKey);
      drafts.clear();
      // Bound once: the next report offers the same call-back number.
      if (body.contactPhone) callbackNumber.remember(body.contactPhone);
      recordSubscription(results);
      await Taro.redirectTo({ url: `/package-report/detail/index?id=${report.id}&created=1` });
    } catch (err) {
      if (err instanceof RequestError && err.isNetwork) setOffline(true);
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  }

  const selected = useMemo(() => categories.find((c) => c.code === draft.categoryCode), [categories, draft.categoryCode]);

  return (
    <PageShell className="new-report">
      <LoginGate>
        <EmergencyBanner text={draft.description} />
        {offered ? (
          <View className="card draft-offer">
            <Text className="section__title">继续上次的报事？</Text>
            <Text className="muted">发现一份未提交的草稿。</Text>
            <Button className="btn btn--primary" onClick={() => resume(true)}>
              继续编辑
            </Button>
            <Button className="btn btn--outline" onClick={() => resume(false)}>
              重新填写
            </Button>
          </View>
        ) : null}
        <View className="section">
          <Text className="section__title">1. 问题类别</Text>
          <View className="categories" role="radiogroup" aria-label="问题类别">
            {categories.map((c) => (
              <View
                key={c.code}
                role="radio"
                aria-checked={c.code === draft.categoryCode}
                className={`category ${c.code === draft.categoryCode ? 'category--on' : ''}`}
                onClick={() => update({ categoryCode: c.code, subcategoryCode: '' })}
              >
                <Text className="category__icon">{categoryIcons[c.icon] ?? '📋'}</Text>
                <Text className="category__name">{c.name}</Text>
              </View>
            ))}
          </View>
          {errors.categoryCode ? <Text className="error">{errors.categoryCode}</Text> : null}
          {selected?.subcategories.some((s) => s.active) ? (
            <View className="subcategories" role="radiogroup" aria-label="具体问题（选填）">
              <Text className="muted">具体是（选填）：</Text>
              {selected.subcategories
                .filter((s) => s.active)
                .map((s) => (
                  <View
                    key={s.code}
                    role="radio"
                    aria-checked={s.code === draft.subcategoryCode}
                    className={`subcategory ${s.code === draft.subcategoryCode ? 'subcategory--on' : ''}`}
                    onClick={() => update({ subcategoryCode: s.code === draft.subcategoryCode ? '' : s.code })}
                  >
                    <Text>{s.name}</Text>
                  </View>
                ))}
            </View>
          ) : null}
          {nearby.length ? (
            <View className="card nearby">
              <Text className="section__title">附近已有人反映了同类问题</Text>
              {nearby.slice(0, 3).map((n) => (
                <View key={n.id} className="nearby__item">
                  <Text>
                    {n.categoryName}：{distanceBandLabels[n.distanceBand]}，{n.ageDays ? `${n.ageDays}天前` : '今天'}报的，{statusNames[n.status]}，{n.followers + 1}位居民反映
                  </Text>
                  <Button className="btn btn--outline" onClick={() => void join(n.id)}>
                    我也遇到了
                  </Button>
                </View>
              ))}
              <Text className="muted">加入后会收到同样的办理进度，但看不到报事人的位置、描述和照片，也不参与评价；不是同一个问题就继续填写。</Text>
            </View>
          ) : null}
          {selected ? <Text className="muted">由{selected.specialty === 'urban' ? '城市治理网格员' : selected.specialty === 'police' ? '警格员' : '社会治理网格员'}处理，{describeLimit(selected.signLimit)}内签收</Text> : null}
        </View>

        <View className="section">
          <Text className="section__title">2. 问题描述</Text>
          <Textarea
            className="textarea"
            value={draft.description}
            maxlength={-1}
            placeholder="请描述问题和具体位置，例如：3号楼东侧路灯不亮已两天"
            onInput={(e) => update({ description: e.detail.value })}
          />
          {/* Nothing is cut silently: a longer paste stays, and the counter says how much to shorten. */}
          <Text className={`counter ${draft.description.length > MAX_WORDS ? 'error' : 'muted'}`}>
            {draft.description.length}/{MAX_WORDS}
            {draft.description.length > MAX_WORDS ? `，超出${draft.description.length - MAX_WORDS}字，请删减后提交` : ''}
          </Text>
          {errors.description ? <Text className="error">{errors.description}</Text> : null}
          {guesses.length ? (
            <View className="subcategories" aria-label="可能的问题类别">
              <Text className="muted">看起来是：</Text>
              {guesses.map((g) => (
                <View key={g.code} role="button" className="subcategory" onClick={() => update({ categoryCode: g.code, subcategoryCode: '' })}>
                  <Text>
                    {g.name}
                    {guesses.length > 1 ? `（${Math.round(g.confidence * 100)}%）` : ''}
                  </Text>
                </View>
              ))}
            </View>
          ) : null}
        </View>

        <View className="section">
          <Text className="section__title">3. 照片（选填，最多9张）</Text>
          <View className="photos">
            {draft.photos.map((p, i) => {
              const u = p.localPath ? uploads[p.localPath] : undefined;
              return (
                <View key={p.mediaId ?? p.localPath} className="photos__cell">
                  <Image className="photos__item" src={p.mediaId ? mediaUrl(p.mediaId) : p.localPath!} mode="aspectFill" onClick={() => (u?.failed && p.localPath ? void upload(p.localPath) : undefined)} />
                  {u && !p.mediaId ? <Text className={`photos__state ${u.failed ? 'photos__state--failed' : ''}`}>{u.failed ? '上传失败，点击重试' : `上传中 ${u.progress}%`}</Text> : null}
                  <Text className="photos__remove" onClick={() => removePhoto(i)} aria-label="删除照片">
                    ×
                  </Text>
                </View>
              );
            })}
            {draft.photos.length < MAX_PHOTOS ? (
              <View role="button" className="photos__add" onClick={() => void addPhotos()} aria-label="添加照片">
                <Text>＋ 添加照片</Text>
              </View>
            ) : null}
          </View>
          {errors.photos ? <Text className="error">{errors.photos}</Text> : null}
          {photosProblem === 'denied' ? <PermissionHelp capability="photos" onEnabled={() => void addPhotos()} /> : null}
          {photosProblem === 'privacy' ? <Text className="muted">您没有同意隐私保护指引，无法选择照片；可以不附照片直接提交。</Text> : null}
          {photosProblem === 'unavailable' ? <Text className="error">没能打开相册或相机，请再试一次；也可以不附照片提交。</Text> : null}
        </View>

        <View className="section">
          <Text className="section__title">4. 位置</Text>
          <View className="card location">
            <Text className="location__grid">
              {draft.location
                ? gridName === null
                  ? '已定位'
                  : gridName
                    ? `所在网格：${gridName}`
                    : '不在本街道的网格内'
                : draft.gridCode
                  ? `所在网格：${gridName ?? draft.gridCode}（您选择的）`
                  : locationProblem
                    ? '没有获取到位置'
                    : '正在定位…'}
            </Text>
            {draft.location ? <PlaceMap label="报事位置地图" pin={draft.location} areas={areas} onPick={(p) => void movePin(p)} /> : null}
            {draft.location ? (
              <Input
                className="input"
                maxlength={100}
                value={draft.location.address ?? ''}
                placeholder="详细地址（选填），例如：3栋2单元门口"
                onInput={(e) => setDraft((d) => (d.location ? { ...d, location: { ...d.location, address: e.detail.value } } : d))}
                nativeProps={{ 'aria-label': '详细地址' }}
              />
            ) : draft.gridCode ? (
              <Text className="muted">请在问题描述里写明楼栋、门牌等具体位置。</Text>
            ) : null}
            <View className="location__actions">
              <Button className="btn btn--outline btn--small" onClick={() => void locate()}>
                重新定位
              </Button>
              {platform.chooseLocation ? (
                <Button className="btn btn--outline btn--small" onClick={() => void pickOnMap()}>
                  在地图上选择
                </Button>
              ) : null}
            </View>
          </View>
          {draft.location && gridName === '' ? (
            <View className="card outside" role="alert">
              <Text>这个位置不在本平台服务的街道范围内，提交后会转给上级指挥中心，可能办理得慢一些。也可以直接拨打 12345 政务服务热线反映。</Text>
              <Button className="btn btn--outline btn--small" onClick={() => void Taro.makePhoneCall({ phoneNumber: '12345' }).catch(() => undefined)}>
                拨打 12345
              </Button>
            </View>
          ) : null}
          {errors.location ? <Text className="error">{errors.location}</Text> : null}
          {locationProblem === 'denied' ? <PermissionHelp capability="location" onEnabled={() => void locate()} /> : null}
          {locationProblem === 'privacy' ? <Text className="muted">您没有同意隐私保护指引，无法定位。请在下面选择问题所在的网格。</Text> : null}
          {locationProblem && locationProblem !== 'cancelled' ? <GridPicker value={draft.gridCode} onPick={pickGrid} /> : null}
        </View>

        <View className="section">
          <Text className="section__title">5. 联系方式（选填）</Text>
          <Input
            className="input"
            type="number"
            maxlength={11}
            value={draft.contactPhone ?? ''}
            placeholder="回电号码：工作人员需要时打给您，对外只显示138****5678"
            onInput={(e) => update({ contactPhone: e.detail.value })}
            nativeProps={{ 'aria-label': '回电号码' }}
          />
          <View className="card setting">
            <View className="setting__text">
              <Text className="setting__title">替家人报事（亲友代办）</Text>
              <Text className="muted">例如替家里老人报；工作人员会按上面的号码联系</Text>
            </View>
            <Switch
              className="care-switch"
              checked={!!draft.onBehalfOf}
              onChange={(e) => update({ onBehalfOf: e.detail.value ? { name: '' } : null })}
              nativeProps={{ 'aria-label': '替家人报事' }}
            />
          </View>
          {draft.onBehalfOf ? (
            <View>
              <Input
                className="input"
                maxlength={20}
                value={draft.onBehalfOf.name}
                placeholder="家人的称呼，例如：王大爷"
                onInput={(e) => update({ onBehalfOf: { ...draft.onBehalfOf!, name: e.detail.value } })}
                nativeProps={{ 'aria-label': '家人的称呼' }}
              />
              <View className="subcategories" role="radiogroup" aria-label="和您的关系">
                {relations.map((r) => (
                  <View
                    key={r}
                    role="radio"
                    aria-checked={draft.onBehalfOf?.relation === r}
                    className={`subcategory ${draft.onBehalfOf?.relation === r ? 'subcategory--on' : ''}`}
                    onClick={() => update({ onBehalfOf: { ...draft.onBehalfOf!, relation: r } })}
                  >
                    <Text>{r}</Text>
                  </View>
                ))}
              </View>
            </View>
          ) : null}
          {errors.contact ? <Text className="error">{errors.contact}</Text> : null}
        </View>

        <View className="card setting">
          <View className="setting__text">
            <Text className="setting__title">匿名报事</Text>
            <Text className="muted">工作人员将看不到您的姓名</Text>
          </View>
          <Switch className="care-switch" checked={draft.anonymous} onChange={(e) => update({ anonymous: e.detail.value })} aria-label="匿名报事" nativeProps={{ 'aria-label': '匿名报事' }} />
        </View>

        {offline ? <View className="card offline-notice">网络不给力，草稿已保存。恢复网络后再点“提交报事”即可，不会重复提交。</View> : null}
        <Text className="muted notice">
          报事内容、照片和位置只用于处理本问题：处理和督办它的工作人员（网格员，社区、片区和街道的网格长，街道指挥中心）可见，其他居民看不到您的姓名和照片。
        </Text>
        <Button className="btn btn--primary btn--huge submit" loading={submitting || undefined} disabled={submitting || undefined} onClick={() => void submit()}>
          {submitting ? '正在提交…' : '提交报事'}
        </Button>
      </LoginGate>
    </PageShell>
  );
}
