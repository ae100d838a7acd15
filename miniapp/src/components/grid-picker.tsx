import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { listGrids } from '../services/api';

interface GridOption {
  code: string;
  name: string;
  parentName: string;
}

/** Choosing the grid by name, for a resident who does not share a position: the report is routed to that grid. */
export function GridPicker({ value, onPick }: { value: string | null | undefined; onPick: (code: string, name: string) => void }) {
  const [grids, setGrids] = useState<GridOption[] | null>(null);
  useEffect(() => {
    listGrids().then(
      (r) => {
        const names = new Map(r.items.map((g) => [g.code, g.name]));
        setGrids(r.items.filter((g) => g.level === 'grid').map((g) => ({ code: g.code, name: g.name, parentName: g.parentCode ? (names.get(g.parentCode) ?? '') : '' })));
      },
      () => setGrids([]),
    );
  }, []);
  if (grids === null) return <Text className="muted">正在加载网格…</Text>;
  return (
    <View className="grid-picker" role="radiogroup" aria-label="所在网格">
      <Text className="section__title">请选择问题所在的网格</Text>
      {grids.map((g) => (
        <View key={g.code} role="radio" aria-checked={value === g.code} className={`grid-picker__item ${value === g.code ? 'grid-picker__item--on' : ''}`} onClick={() => onPick(g.code, g.name)}>
          <Text>{g.parentName ? `${g.parentName} · ${g.name}` : g.name}</Text>
        </View>
      ))}
    </View>
  );
}
