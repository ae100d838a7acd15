import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { isOpenStatus } from '@linli/shared';
import type { ReportSummary } from '../services/api';
import { StatusChip } from './status-chip';

/**
 * One of my reports in a list: what, where or when, its status — and what it asks of me (去评价) or what happened to it
 * (重办 in a new round), so a resident sees it without opening the report.
 */
export function ReportRow({ report: r, meta }: { report: ReportSummary; meta: string }) {
  const open = () => void Taro.navigateTo({ url: `/package-report/detail/index?id=${r.id}` });
  const rate = () => void Taro.navigateTo({ url: `/package-report/rate/index?id=${r.id}` });
  return (
    <View role="button" className="card report-row" onClick={open}>
      <View className="report-row__main">
        <Text className="report-row__title">{r.category?.name ?? r.categoryCode}</Text>
        <Text className="report-row__desc">{r.description}</Text>
        <Text className="muted">{meta}</Text>
        {r.round > 1 && isOpenStatus(r.status) ? <Text className="report-row__flag">重办中 · 第{r.round}轮</Text> : null}
      </View>
      <View className="report-row__side">
        <StatusChip status={r.status} />
        {r.canRate ? (
          <View
            role="button"
            className="report-row__rate"
            onClick={(e) => {
              e.stopPropagation();
              rate();
            }}
          >
            <Text>去评价</Text>
          </View>
        ) : null}
      </View>
    </View>
  );
}
