import L from 'leaflet';
import Supercluster from 'supercluster';
import 'leaflet/dist/leaflet.css';
import { statusNames, type StatsMap } from '@linli/shared';

type Point = StatsMap['reports'][number];
type Tone = 'none' | 'yellow' | 'red';

let map: L.Map | null = null;
let areas: L.LayerGroup | null = null;
let marks: L.LayerGroup | null = null;
// The view the duty officer moved to, kept across the 30-second refresh while the filters stay the same.
let kept: { key: string; centre: L.LatLng; zoom: number } | null = null;
let drawnKey = '';
let onMoved: (() => void) | null = null;

// No tile server is reachable from a street's intranet: the base layer is the grid boundaries themselves.
// A tile layer (e.g. an internal map service) can be added here with L.tileLayer(url) without touching the rest.
const supervisionStyle: Record<Tone, { color: string; label: string }> = {
  none: { color: '#174ea6', label: '正常' },
  yellow: { color: '#b35c00', label: '黄牌' },
  red: { color: '#8c1d18', label: '红牌/超时' },
};
const toneOf = (r: Point): Tone => (r.overdue && r.supervision === 'none' ? 'red' : r.supervision);
const worst = (tones: Tone[]): Tone => (tones.includes('red') ? 'red' : tones.includes('yellow') ? 'yellow' : 'none');

/** Leaflet puts a string tooltip in as HTML; names come from administrators' imports, so they go in as text. */
const text = (s: string): HTMLElement => {
  const span = document.createElement('span');
  span.textContent = s;
  return span;
};

function create(el: HTMLElement): L.Map {
  const m = L.map(el, { zoomSnap: 0.25, attributionControl: false, maxZoom: 19 });
  areas = L.layerGroup().addTo(m);
  marks = L.layerGroup().addTo(m);
  const legend = new L.Control({ position: 'bottomright' });
  legend.onAdd = () => {
    const div = L.DomUtil.create('div', 'map-legend');
    div.innerHTML = Object.values(supervisionStyle)
      .map((s) => `<span><i style="background:${s.color}"></i>${s.label}</span>`)
      .join('');
    return div;
  };
  legend.addTo(m);
  return m;
}

/** Reports close together on screen become one numbered circle, coloured by the worst supervision inside it. */
function drawPoints(index: Supercluster<Point>): void {
  const m = map!;
  marks!.clearLayers();
  const b = m.getBounds();
  for (const f of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], Math.round(m.getZoom()))) {
    const [lng, lat] = f.geometry.coordinates as [number, number];
    if ('cluster' in f.properties && f.properties.cluster) {
      const id = f.properties.cluster_id;
      const inside = index.getLeaves(id, Infinity).map((l) => l.properties);
      const tone = worst(inside.map(toneOf));
      const n = f.properties.point_count;
      const size = n < 10 ? 32 : n < 100 ? 40 : 48;
      L.marker([lat, lng], {
        icon: L.divIcon({ className: `map-cluster map-cluster--${tone}`, html: `<span>${n}</span>`, iconSize: [size, size] }),
        title: `${n}件未办结报事，点击放大`,
        keyboard: true,
      })
        .on('click', () => m.setView([lat, lng], Math.min(index.getClusterExpansionZoom(id), m.getMaxZoom())))
        .addTo(marks!);
      continue;
    }
    const r = f.properties as Point;
    L.circleMarker([lat, lng], { radius: 7, color: '#ffffff', weight: 2, fillColor: supervisionStyle[toneOf(r)].color, fillOpacity: 0.95 })
      .bindTooltip(text(`${r.no} ${r.categoryName}｜${statusNames[r.status]}${r.overdue ? '｜已超时' : ''}`))
      .addTo(marks!);
  }
}

/**
 * Draws the area's grids and its open reports. When the filters change the map moves to what they show (the area or
 * the grid filtered on; with a category, where those reports are); while they stay, a refresh keeps the view the duty
 * officer chose.
 */
export function renderMap(el: HTMLElement, data: StatsMap, filters: { gridCode: string; categoryCode: string }): void {
  const key = `${filters.gridCode}|${filters.categoryCode}`;
  const byCategory = filters.categoryCode !== '';
  // Every refresh draws a new panel: the map moves to it.
  if (map && map.getContainer() !== el) {
    map.remove();
    map = null;
  }
  map ??= create(el);
  areas!.clearLayers();
  const gridBounds = L.latLngBounds([]);
  for (const g of data.grids) {
    const layer = L.geoJSON({ type: 'Feature', properties: {}, geometry: g.geometry } as GeoJSON.Feature, {
      style: { color: g.level === 'grid' ? '#0b6e4f' : '#8c8c8c', weight: g.level === 'grid' ? 1.5 : 2.5, fillOpacity: g.level === 'grid' ? 0.06 : 0, dashArray: g.level === 'grid' ? undefined : '6 4' },
    });
    if (g.level === 'grid') layer.bindTooltip(text(g.name), { sticky: true });
    layer.addTo(areas!);
    gridBounds.extend(layer.getBounds());
  }
  const index = new Supercluster<Point>({ radius: 48, maxZoom: 17 }).load(
    data.reports.map((r) => ({ type: 'Feature', properties: r, geometry: { type: 'Point', coordinates: [r.lng, r.lat] } })),
  );
  const reportBounds = L.latLngBounds(data.reports.map((r) => [r.lat, r.lng] as [number, number]));

  if (onMoved) map.off('moveend', onMoved);
  // The viewer's area (or the grid filtered on) with its clusters; a category filter looks at where those reports are.
  const byReports = byCategory && reportBounds.isValid();
  if (kept && kept.key === key) map.setView(kept.centre, kept.zoom, { animate: false });
  else if (byReports) map.fitBounds(reportBounds.pad(0.15), { maxZoom: 16, animate: false });
  else if (gridBounds.isValid()) map.fitBounds(gridBounds, { padding: [12, 12], animate: false });
  else if (reportBounds.isValid()) map.fitBounds(reportBounds.pad(0.15), { maxZoom: 16, animate: false });
  else map.setView([32.1, 118.7], 13, { animate: false });
  drawnKey = key;
  // Where the map looks, on the element: for the page's own tests and for anyone inspecting it.
  const mark = (how: string) => Object.assign(el.dataset, { view: how, zoom: String(map!.getZoom()), centre: `${map!.getCenter().lng.toFixed(5)},${map!.getCenter().lat.toFixed(5)}` });
  mark(kept?.key === key ? 'kept' : byReports || !gridBounds.isValid() ? 'reports' : 'area');
  drawPoints(index);
  onMoved = () => {
    kept = { key: drawnKey, centre: map!.getCenter(), zoom: map!.getZoom() };
    mark('moved');
    drawPoints(index);
  };
  map.on('moveend', onMoved);
}
