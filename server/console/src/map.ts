import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { statusNames, type StatsMap } from '@linli/shared';

let map: L.Map | null = null;
let layers: L.LayerGroup | null = null;

// No tile server is reachable from a street's intranet: the base layer is the grid boundaries themselves.
// A tile layer (e.g. an internal map service) can be added here with L.tileLayer(url) without touching the rest.
const supervisionStyle = { none: { color: '#174ea6', label: '正常' }, yellow: { color: '#b35c00', label: '黄牌' }, red: { color: '#8c1d18', label: '红牌/超时' } };

/** Leaflet puts a string tooltip in as HTML; names come from administrators' imports, so they go in as text. */
const text = (s: string): HTMLElement => {
  const span = document.createElement('span');
  span.textContent = s;
  return span;
};

export function renderMap(el: HTMLElement, data: StatsMap): void {
  // Every refresh draws a new panel: the map moves to it.
  if (map && map.getContainer() !== el) {
    map.remove();
    map = null;
  }
  if (!map) {
    map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
    layers = L.layerGroup().addTo(map);
    const legend = new L.Control({ position: 'bottomright' });
    legend.onAdd = () => {
      const div = L.DomUtil.create('div', 'map-legend');
      div.innerHTML = Object.values(supervisionStyle)
        .map((s) => `<span><i style="background:${s.color}"></i>${s.label}</span>`)
        .join('');
      return div;
    };
    legend.addTo(map);
  }
  layers!.clearLayers();
  const bounds = L.latLngBounds([]);
  for (const g of data.grids) {
    const layer = L.geoJSON({ type: 'Feature', properties: {}, geometry: g.geometry } as GeoJSON.Feature, {
      style: { color: g.level === 'grid' ? '#0b6e4f' : '#8c8c8c', weight: g.level === 'grid' ? 1.5 : 2.5, fillOpacity: g.level === 'grid' ? 0.06 : 0, dashArray: g.level === 'grid' ? undefined : '6 4' },
    });
    if (g.level === 'grid') layer.bindTooltip(text(g.name), { sticky: true });
    layer.addTo(layers!);
    bounds.extend(layer.getBounds());
  }
  for (const r of data.reports) {
    const s = supervisionStyle[r.overdue && r.supervision === 'none' ? 'red' : r.supervision];
    L.circleMarker([r.lat, r.lng], { radius: 7, color: '#ffffff', weight: 2, fillColor: s.color, fillOpacity: 0.95 })
      .bindTooltip(text(`${r.no} ${r.categoryName}｜${statusNames[r.status]}${r.overdue ? '｜已超时' : ''}`))
      .addTo(layers!);
  }
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
}
