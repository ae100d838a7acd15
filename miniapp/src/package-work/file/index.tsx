import { useRef, useState } from 'react';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import type { Category, GridSummary } from '@linli/shared';
import { PageShell } from '../../components/page-shell';
import { StaffGate } from '../../components/staff-gate';
import { newIdempotencyKey } from '../../lib/idempotency';
import { platform } from '../../platform';
import { fileOnBehalf, listCategories, listGrids } from '../../services/api';
import { RequestError } from '../../services/request';

/** 代居民报事: a resident phoned (电话) or walked in (来访); staff file it for them with the channel recorded. */
export default function FileOnBehalf() {
  const [channel, setChannel] = useState<'phone' | 'visit'>('phone');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [description, setDescription] = useState('');
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryCode, setCategoryCode] = useState('');
  const [grids, setGrids] = useState<GridSummary[]>([]);
  const [gridCode, setGridCode] = useState('');
  const [here, setHere] = useState<{ lng: number; lat: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  useLoad(() => {
    listCategories().then((r) => setCategories(r.items), () => undefined);
    listGrids().then((r) => setGrids(r.items.filter((g) => g.level === 'grid')), () => undefined);
  });

  async function useMyPlace() {
    try {
      setHere(await platform.getLocation());
      setGridCode('');
    } catch {
      setProblem('无法获取位置，请选择问题所在网格');
    }
  }

  async function submit() {
    if (busy) return;
    if (!name.trim()) return setProblem('请填写居民称呼');
    if (phone && !/^1\d{10}$/.test(phone)) return setProblem('请输入11位手机号');
    if (!description.trim()) return setProblem('请描述问题');
    if (!here && !gridCode) return setProblem('请用“现场定位”或选择问题所在网格');
    setBusy(true);
    setProblem(null);
    try {
      const r = await fileOnBehalf(
        {
          channel,
          residentName: name.trim(),
          ...(phone ? { residentPhone: phone } : {}),
          description: description.trim(),
          ...(categoryCode ? { categoryCode } : {}),
          ...(here ? { location: here } : { gridCode }),
        },
        key.current,
      );
      await Taro.redirectTo({ url: `/package-work/detail/index?id=${r.id}&no=${encodeURIComponent(r.no)}` });
    } catch (err) {
      setProblem(err instanceof RequestError && err.isNetwork ? '网络不给力，请稍后再点“登记报事”，不会重复登记' : err instanceof RequestError ? err.message : '登记失败，请重试');
    } finally {
      setBusy(false);
    }
  }

  const choice = (on: boolean) => `btn ${on ? 'btn--primary' : 'btn--outline'}`;
  return (
    <PageShell>
      <StaffGate>
        <View className="section">
          <Text className="section__title">渠道</Text>
          <View className="location__actions">
            <Button className={`${choice(channel === 'phone')} btn--small`} onClick={() => setChannel('phone')}>
              电话
            </Button>
            <Button className={`${choice(channel === 'visit')} btn--small`} onClick={() => setChannel('visit')}>
              来访
            </Button>
          </View>
        </View>
        <View className="section">
          <Text className="section__title">居民</Text>
          <Input className="input" value={name} placeholder="称呼，例如：赵大爷" maxlength={20} onInput={(e) => setName(e.detail.value)} nativeProps={{ 'aria-label': '居民称呼' }} />
          <Input className="input" value={phone} type="number" placeholder="手机号（选填，便于回访）" maxlength={11} onInput={(e) => setPhone(e.detail.value)} nativeProps={{ 'aria-label': '手机号' }} />
        </View>
        <View className="section">
          <Text className="section__title">问题</Text>
          <Textarea className="textarea" value={description} maxlength={2000} placeholder="居民反映的问题和具体位置" onInput={(e) => setDescription(e.detail.value)} nativeProps={{ 'aria-label': '问题描述' }} />
          <View className="categories">
            <View role="radio" aria-checked={categoryCode === ''} className={`category ${categoryCode === '' ? 'category--on' : ''}`} onClick={() => setCategoryCode('')}>
              <Text className="category__name">自动识别</Text>
            </View>
            {categories.map((c) => (
              <View key={c.code} role="radio" aria-checked={c.code === categoryCode} className={`category ${c.code === categoryCode ? 'category--on' : ''}`} onClick={() => setCategoryCode(c.code)}>
                <Text className="category__name">{c.name}</Text>
              </View>
            ))}
          </View>
        </View>
        <View className="section">
          <Text className="section__title">位置</Text>
          <Button className="btn btn--outline" onClick={() => void useMyPlace()}>
            {here ? '✓ 已用现场定位' : '现场定位（在问题现场时）'}
          </Button>
          <View className="categories">
            {grids.map((g) => (
              <View key={g.code} role="radio" aria-checked={g.code === gridCode} className={`category ${g.code === gridCode ? 'category--on' : ''}`} onClick={() => (setGridCode(g.code), setHere(null))}>
                <Text className="category__name">{g.name}</Text>
              </View>
            ))}
          </View>
        </View>
        {problem ? <View className="card offline-notice">{problem}</View> : null}
        <Button className="btn btn--primary btn--huge" loading={busy || undefined} disabled={busy || undefined} onClick={() => void submit()}>
          登记报事
        </Button>
      </StaffGate>
    </PageShell>
  );
}
