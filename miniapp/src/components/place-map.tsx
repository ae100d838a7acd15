import { createElement, useState, type MouseEvent } from 'react';
import { Map as WxMap, Text, View } from '@tarojs/components';
import type { GridBoundary } from '@linli/shared';
import { boundsAround, outlinesOf, projector, scaleBarMetres, type Bounds, type LngLat } from '../lib/map-view';
import './place-map.css';

export interface MapPoint extends LngLat {
  id: string;
  label: string;
  late?: boolean;
}

interface Props {
  /** Read aloud by screen readers: what the map shows. */
  label: string;
  /** The report's place; tapping the map moves it when `onPick` is given. */
  pin?: LngLat | null;
  /** The day's tasks; tapping one calls `onPoint`. */
  points?: MapPoint[];
  /** Grid outlines drawn under everything, so the resident sees which grid the pin is in. */
  areas?: GridBoundary[];
  onPick?: (p: LngLat) => void;
  onPoint?: (id: string) => void;
}

const W = 360;
const H = 220;

/**
 * What the map looks at: the pin, the tasks and the grids they are in, framed once and kept while the pin moves inside
 * (a map that re-centres on every tap slides away under the finger); framed again when the pin leaves it (重新定位),
 * and once when the grid outlines first arrive.
 */
function useFrame(pin: LngLat | null | undefined, points: LngLat[], areas: GridBoundary[]): Bounds | null {
  const [frame, setFrame] = useState<{ bounds: Bounds | null; areas: string }>({ bounds: null, areas: '' });
  const inside = (b: Bounds, p: LngLat) => p.lng > b.west && p.lng < b.east && p.lat > b.south && p.lat < b.north;
  const shown = [...(pin ? [pin] : []), ...points];
  const areaKey = areas.map((a) => a.code).join(',');
  const settled = frame.areas !== '' || areaKey === '';
  if (frame.bounds && settled && shown.every((p) => inside(frame.bounds!, p))) return frame.bounds;
  const bounds = boundsAround([...shown, ...areas.flatMap((a) => outlinesOf(a.geometry).flat())]);
  if (JSON.stringify(bounds) !== JSON.stringify(frame.bounds) || frame.areas !== areaKey) setFrame({ bounds, areas: areaKey });
  return bounds;
}

/** WeChat's native map (Tencent tiles) with the pin, the tasks as markers and the grid outlines. */
function WeappMap({ label, pin, points = [], areas = [], onPick, onPoint }: Props) {
  const frame = useFrame(pin, points, areas);
  if (!frame) return null;
  const centre = { lng: (frame.west + frame.east) / 2, lat: (frame.south + frame.north) / 2 };
  const markers = [
    ...(pin ? [{ id: 0, longitude: pin.lng, latitude: pin.lat, iconPath: '/assets/map/pin.png', width: 36, height: 48, anchor: { x: 0.5, y: 1 } }] : []),
    ...points.map((p, i) => ({ id: i + 1, longitude: p.lng, latitude: p.lat, iconPath: p.late ? '/assets/map/task-late.png' : '/assets/map/task.png', width: 28, height: 28, title: p.label })),
  ];
  const polygons = areas.flatMap((a) =>
    outlinesOf(a.geometry).map((ring) => ({ points: ring.map((q) => ({ longitude: q.lng, latitude: q.lat })), strokeWidth: 2, strokeColor: '#0b6e4fff', fillColor: '#0b6e4f14' })),
  );
  return (
    <WxMap
      className="place-map"
      longitude={centre.lng}
      latitude={centre.lat}
      scale={16}
      markers={markers}
      polygons={polygons}
      // The native map zooms itself to hold the frame's corners.
      includePoints={[
        { longitude: frame.west, latitude: frame.south },
        { longitude: frame.east, latitude: frame.north },
      ]}
      onTap={(e) => {
        const d = e.detail as { longitude?: number; latitude?: number };
        if (onPick && typeof d.longitude === 'number' && typeof d.latitude === 'number') onPick({ lng: d.longitude, lat: d.latitude });
      }}
      onMarkerTap={(e) => {
        const p = points[Number(e.detail.markerId) - 1];
        if (p) onPoint?.(p.id);
      }}
      // A map that fails to load leaves the grid name and address line, which are enough to submit.
      onError={() => undefined}
      aria-label={label}
    />
  );
}

/** The browser's map: outlines, pins and a scale bar in SVG; a click moves the pin or opens a task. */
function SketchMap({ label, pin, points = [], areas = [], onPick, onPoint }: Props) {
  const rings = areas.flatMap((a) => outlinesOf(a.geometry).map((ring) => ({ code: a.code, name: a.name, ring })));
  const bounds = useFrame(pin, points, areas);
  if (!bounds) return null;
  const to = projector(bounds, W, H);
  const bar = scaleBarMetres(to.metresPerUnit, W);
  const path = (ring: LngLat[]) => ring.map((q, i) => `${i ? 'L' : 'M'}${to.toXY(q).x.toFixed(1)},${to.toXY(q).y.toFixed(1)}`).join('') + 'Z';
  const pick = (e: MouseEvent<SVGSVGElement>) => {
    if (!onPick) return;
    const box = e.currentTarget.getBoundingClientRect();
    onPick(to.toLngLat(((e.clientX - box.left) / box.width) * W, ((e.clientY - box.top) / box.height) * H));
  };
  const svg = (tag: string, props: Record<string, unknown>, ...children: unknown[]) => createElement(tag, props, ...(children as never[]));
  return (
    <View className="place-map place-map--sketch">
      {svg(
        'svg',
        { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, className: 'place-map__svg', onClick: pick, 'data-testid': 'place-map' },
        svg('rect', { x: 0, y: 0, width: W, height: H, fill: '#eef2ef' }),
        ...rings.map((r, i) => svg('path', { key: `a${i}`, d: path(r.ring), fill: '#0b6e4f14', stroke: '#0b6e4f', strokeWidth: 2 })),
        ...points.map((p) => {
          const { x, y } = to.toXY(p);
          return svg(
            'g',
            { key: p.id, role: 'button', 'aria-label': p.label, className: 'place-map__task', onClick: (e: MouseEvent) => (e.stopPropagation(), onPoint?.(p.id)) },
            svg('circle', { cx: x, cy: y, r: 11, fill: p.late ? '#b3261e' : '#174ea6', stroke: '#fff', strokeWidth: 3 }),
            svg('title', {}, p.label),
          );
        }),
        pin
          ? svg(
              'g',
              { transform: `translate(${to.toXY(pin).x.toFixed(1)},${to.toXY(pin).y.toFixed(1)})`, 'data-testid': 'place-map-pin' },
              svg('path', { d: 'M0,0 C-4,-10 -14,-16 -14,-27 A14,14 0 1 1 14,-27 C14,-16 4,-10 0,0Z', fill: '#c8281e', stroke: '#fff', strokeWidth: 2 }),
              svg('circle', { cx: 0, cy: -27, r: 5, fill: '#fff' }),
            )
          : null,
        svg('rect', { x: 10, y: H - 14, width: bar / to.metresPerUnit, height: 4, fill: '#1f1f1f' }),
      )}
      {/* Words stay page text, not SVG text, so they grow with the page in 关怀模式. */}
      <Text className="muted place-map__hint">
        左下角黑线长{bar >= 1000 ? `${bar / 1000}公里` : `${bar}米`}。{onPick ? '定位点不准？点地图上的正确位置即可移动。' : '点圆点查看报事。'}
      </Text>
    </View>
  );
}

/**
 * The place of a report, or a worker's tasks, on a map: WeChat's own map in the mini-program; in a browser a sketch of
 * the grid outlines, because a street's intranet reaches no tile server (the console draws its map the same way).
 * One of the two is built; the other is dropped as unused code.
 */
export const PlaceMap = process.env.TARO_ENV === 'weapp' ? WeappMap : SketchMap;
