import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { statusNames, type StatsOverview, type StatsTrend } from '@linli/shared';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const charts = new Map<HTMLElement, echarts.ECharts>();
function chartIn(el: HTMLElement): echarts.ECharts {
  // Panels are redrawn on refresh: charts of detached panels are disposed.
  for (const [old, chart] of charts) {
    if (!old.isConnected) {
      chart.dispose();
      charts.delete(old);
    }
  }
  let c = charts.get(el);
  if (!c) {
    c = echarts.init(el, undefined, { renderer: 'canvas' });
    charts.set(el, c);
  }
  return c;
}
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

// Colour-blind-safe palette; every series is also labelled in words.
const palette = ['#0b6e4f', '#b35c00', '#174ea6', '#8c1d18', '#5b3d99', '#4d4d4d'];

export function statusChart(el: HTMLElement, o: StatsOverview): void {
  chartIn(el).setOption({
    color: palette,
    tooltip: { trigger: 'item' },
    series: [{ type: 'pie', radius: ['40%', '70%'], label: { formatter: '{b}\n{c}' }, data: Object.entries(o.byStatus).map(([s, n]) => ({ name: statusNames[s as keyof typeof statusNames], value: n })) }],
  });
}

export function barChart(el: HTMLElement, items: { name: string; count: number }[]): void {
  chartIn(el).setOption({
    color: palette,
    tooltip: {},
    grid: { left: 110, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: items.map((i) => i.name) },
    series: [{ type: 'bar', data: items.map((i) => i.count), label: { show: true, position: 'right' } }],
  });
}

export function trendChart(el: HTMLElement, t: StatsTrend): void {
  chartIn(el).setOption({
    color: palette,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['新增', '办结', '归档', '超时'] },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: t.days.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '新增', type: 'line', data: t.days.map((d) => d.new) },
      { name: '办结', type: 'line', data: t.days.map((d) => d.resolved) },
      { name: '归档', type: 'line', data: t.days.map((d) => d.closed) },
      { name: '超时', type: 'line', data: t.days.map((d) => d.late), lineStyle: { type: 'dashed' } },
    ],
  });
}
