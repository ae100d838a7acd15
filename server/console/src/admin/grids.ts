import L from 'leaflet';
import { gridLevelNames, type GridPreview } from '@linli/shared';
import { api } from '../api';
import { h } from '../dom';
import { button, statusLine, table } from './ui';

const changeNames: Record<GridPreview['features'][number]['change'], string> = { create: '新增', update: '更新', invalid: '不合格' };
const changeColours: Record<GridPreview['features'][number]['change'], string> = { create: '#075e43', update: '#174ea6', invalid: '#8c1d18' };
let map: L.Map | null = null;

/** Draws the file's features on their own map: new green, changed blue, invalid red; names as text, never HTML. */
function drawPreview(el: HTMLElement, features: unknown[], preview: GridPreview): void {
  map?.remove();
  map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
  const layers = L.featureGroup().addTo(map);
  preview.features.forEach((f, i) => {
    try {
      const layer = L.geoJSON(features[i] as GeoJSON.Feature, { style: { color: changeColours[f.change], weight: 2, fillOpacity: 0.12 } });
      const label = document.createElement('span');
      label.textContent = `${f.name ?? '（无名称）'} ${f.code ?? ''}${f.problems.length ? `：${f.problems.join('；')}` : ''}`;
      layer.bindTooltip(label);
      layers.addLayer(layer);
    } catch {
      // A geometry too broken to draw is already named in the table.
    }
  });
  const bounds = layers.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
  else map.setView([32.1, 118.7], 12);
}

/** Grids: choose a GeoJSON file, see every feature on the map and in a table, then apply the all-or-nothing import. */
export async function renderGrids(el: HTMLElement): Promise<void> {
  const current = await api<{ items: { code: string }[] }>('/api/v1/grids');
  const status = statusLine();
  const file = h('input', { type: 'file', accept: '.geojson,.json,application/geo+json,application/json', 'aria-label': '选择网格 GeoJSON 文件' });
  const result = h('div', { id: 'grid-preview' });
  const mapBox = h('div', { class: 'map admin-map', id: 'grid-preview-map', role: 'region', 'aria-label': '网格预览地图' });
  let pending: { type: 'FeatureCollection'; features: unknown[] } | null = null;

  const apply = button(
    '应用导入',
    async () => {
      if (!pending) return;
      apply.disabled = true;
      try {
        const done = await api<{ created: number; updated: number }>('/api/v1/admin/grids/import', { method: 'POST', body: pending });
        status.ok(`已导入：新增 ${done.created} 个，更新 ${done.updated} 个网格`);
        pending = null;
      } catch (err) {
        status.fail(err);
        apply.disabled = false;
      }
    },
    { class: 'btn btn--primary', disabled: true },
  );

  file.addEventListener('change', async () => {
    status.clear();
    apply.disabled = true;
    pending = null;
    const chosen = file.files?.[0];
    if (!chosen) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await chosen.text());
    } catch {
      return status.fail(new Error('文件不是有效的 GeoJSON（JSON 格式错误）'));
    }
    try {
      const preview = await api<GridPreview>('/api/v1/admin/grids/preview', { method: 'POST', body: parsed });
      const features = (parsed as { features: unknown[] }).features;
      result.replaceChildren(
        table(
          ['#', '代码', '名称', '层级', '上级', '结果', '问题'],
          preview.features.map((f) => [String(f.index + 1), f.code ?? '—', f.name ?? '—', f.level ? gridLevelNames[f.level] : '—', f.parentCode ?? '—', changeNames[f.change], f.problems.join('；')]),
          '导入预览',
        ),
      );
      drawPreview(mapBox, features, preview);
      if (preview.valid) {
        pending = { type: 'FeatureCollection', features };
        apply.disabled = false;
        status.ok(`预览：将新增 ${preview.created} 个、更新 ${preview.updated} 个网格。核对地图无误后点“应用导入”。`);
      } else {
        status.fail(new Error(`有 ${preview.features.filter((f) => f.change === 'invalid').length} 个要素不合格（见下表红色区域），修改文件后重新选择；未导入任何数据`));
      }
    } catch (err) {
      status.fail(err);
    }
  });

  el.replaceChildren(
    h('h2', {}, '网格', h('span', { class: 'muted' }, ` 现有 ${current.items.length} 个`)),
    h('p', { class: 'muted' }, '上传 GeoJSON（FeatureCollection，每个要素的 properties 含 code、name、level、parentCode，坐标为 GCJ-02）。先预览，确认后再导入；有任何不合格要素则整体不导入。'),
    h('div', { class: 'admin-row' }, file, apply),
    status.el,
    mapBox,
    result,
  );
}
