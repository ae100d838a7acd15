import { escalationNames, statusNames, type ReportView } from '@linli/shared';
import { api } from './api';
import { beijingTime, h } from './dom';
import { openReport } from './report-panel';

type DeskItem = Omit<ReportView, 'timeline'>;

/**
 * 督办台: what this command centre's level watches — escalated and red-card reports in its scope, and (a street's)
 * those awaiting 核查. Each row opens the report with its actions.
 */
export async function renderDesk(el: HTMLElement, onChanged: () => void): Promise<void> {
  const desk = await api<{ level: number; items: DeskItem[] }>('/api/v1/reports/desk');
  const title = `${escalationNames[desk.level]}督办台`;
  el.replaceChildren(
    h('h2', {}, title, h('span', { class: 'muted' }, ` 共 ${desk.items.length} 件`)),
    desk.items.length
      ? h(
          'ul',
          { class: 'desk' },
          ...desk.items.map((r) => {
            const li = h(
              'li',
              { 'data-id': r.id, tabindex: 0, role: 'button' },
              h('strong', {}, r.no),
              ` ${r.category?.name ?? r.categoryCode}｜${statusNames[r.status]}`,
              r.escalationLevel > 0 ? `｜居民不满意，升级至${escalationNames[r.escalationLevel]}` : '',
              r.supervision.level === 'red' ? '｜红牌' : '',
              r.instruction ? `｜已批示（${beijingTime(r.instruction.dueAt)}前）` : '',
            );
            const open = () => void openReport(r.id, onChanged);
            li.addEventListener('click', open);
            li.addEventListener('keydown', (e) => (e.key === 'Enter' ? open() : undefined));
            return li;
          }),
        )
      : h('p', { class: 'muted' }, '暂无需要督办的报事'),
  );
}
