import type {
  Category,
  CreateReport,
  ClientConfig,
  GridBoundary,
  GridSummary,
  MediaView,
  NotificationView,
  RatingInput,
  ReportView,
  Status,
  Role,
  Candidate,
  NearbyReport,
  JoinReportInput,
  FollowerFeedbackInput,
  GridSummary as Grid,
  SuggestResponse,
  SubscriptionState,
  UserView,
  ReportActionInput,
  UnitView,
  ConsoleSessionView,
  ConsoleSessionRequest,
} from '@linli/shared';
import { request } from './request';

export type ReportSummary = Omit<ReportView, 'timeline'>;
export interface AuthResult {
  token: string;
  expiresAt: string;
  user: UserView;
}
/** A report as the app sends it: the shared schema's shape (a position, or the grid chosen by name). */
export type NewReport = CreateReport;

/** Deployment settings the app needs before signing in. */
export const getClientConfig = () => request<ClientConfig>('/api/v1/client-config', { toast: false });
/** WeChat login with a wx.login code. */
export const loginWithWechat = (code: string) => request<AuthResult>('/api/v1/auth/wechat', { method: 'POST', data: { code } });
/** Demo login (H5 demo only). */
export const loginAsDemo = (openid: string, role: Role = 'resident') => request<AuthResult>('/api/v1/auth/dev', { method: 'POST', data: { openid, role } });
/** Demo residents to pick from. */
export const listDemoResidents = () => request<{ items: { openid: string; name: string | null }[] }>('/api/v1/auth/dev/users?role=resident');
/** Demo staff accounts of a role (H5 demo only). */
export const listDemoUsers = (role: Role) => request<{ items: { openid: string; name: string | null; role: Role }[] }>(`/api/v1/auth/dev/users?role=${role}`, { toast: false });
/** The signed-in user. */
/** Redeems a staff invitation: this WeChat account becomes the invited staff account. */
export const bindInvitation = (code: string) => request<AuthResult>('/api/v1/auth/bind', { method: 'POST', data: { code }, toast: false });
/** Binding by the phone WeChat verified: a getPhoneNumber button's one-time code. */
export const bindByPhone = (phoneCode: string) => request<AuthResult>('/api/v1/auth/bind', { method: 'POST', data: { phoneCode }, toast: false });

/** A console sign-in the staff member scanned: which browser asks, from where. */
export const getConsoleRequest = (id: string) => request<ConsoleSessionRequest>(`/api/v1/auth/console-sessions/${id}/request`, { toast: false });
/** Signs that browser in to the console as this staff member. */
export const confirmConsoleSession = (id: string) => request<ConsoleSessionView>(`/api/v1/auth/console-sessions/${id}/confirm`, { method: 'POST', toast: false });
/** The consoles this member is signed in to. */
export const listConsoleSessions = () => request<{ items: ConsoleSessionView[] }>('/api/v1/auth/console-sessions', { toast: false });
/** Signs one of them out: its token is refused from the next request. */
export const signOutConsoleSession = (id: string) => request<ConsoleSessionView>(`/api/v1/auth/console-sessions/${id}`, { method: 'DELETE' });

export const getMe = () => request<UserView>('/api/v1/me', { toast: false });
/** Turn care mode on or off on the server profile. */
export const updateMe = (data: { careMode?: boolean }) => request<UserView>('/api/v1/me', { method: 'PATCH', data });
/** The category catalogue. */
export const listCategories = () => request<{ items: Category[] }>('/api/v1/categories');
/** The grid chain at a point, deepest first. */
export const locateGrid = (lng: number, lat: number) => request<{ grids: GridSummary[] }>(`/api/v1/grids/locate?lng=${lng}&lat=${lat}`, { toast: false });
/** Submit a report; the key makes retries safe. */
export const submitReport = (data: NewReport, idempotencyKey: string) =>
  request<ReportView>('/api/v1/reports', { method: 'POST', data, headers: { 'Idempotency-Key': idempotencyKey }, idempotent: true });
/** Ranked category guesses for what the resident said or wrote. */
export const suggestCategory = (text: string) => request<SuggestResponse>('/api/v1/categories/suggest', { method: 'POST', data: { text }, toast: false });
/** My reports, newest first. */
export const listReports = (q: { status?: Status[]; cursor?: string | null; limit?: number } = {}) => {
  const params = [q.status?.length ? `status=${q.status.join(',')}` : '', q.cursor ? `cursor=${q.cursor}` : '', `limit=${q.limit ?? 10}`].filter(Boolean).join('&');
  return request<{ items: ReportSummary[]; nextCursor: string | null }>(`/api/v1/reports?${params}`);
};
/** One report with its timeline. */
export const getReport = (id: string) => request<ReportView>(`/api/v1/reports/${id}`);
/** Rate a resolved report. */
export const rateReport = (id: string, data: RatingInput) => request<ReportView>(`/api/v1/reports/${id}/rating`, { method: 'POST', data });
/** Tell the server what the resident answered to requestSubscribeMessage. */
export const reportSubscriptions = (results: Record<string, string>) =>
  request<{ items: SubscriptionState[] }>('/api/v1/subscriptions', { method: 'POST', data: { results }, toast: false, idempotent: false });
/** Subscription state per template. */
export const listSubscriptions = () => request<{ items: SubscriptionState[] }>('/api/v1/subscriptions', { toast: false });

export type { MediaView };
/** My notifications, newest first, with the unread count. */
export const listNotifications = () => request<{ items: NotificationView[]; unread: number }>('/api/v1/notifications?limit=50', { toast: false });
/** Mark all my notifications read. */
export const markAllRead = () => request<{ unread: number }>('/api/v1/notifications/read', { method: 'POST', data: { all: true }, toast: false });

/** A staff action; queued actions carry an Idempotency-Key so a replay applies once. */
export const actOnReport = (id: string, data: { action: string } & Partial<Omit<ReportActionInput, 'action'>>, idempotencyKey?: string) =>
  request<ReportView>(`/api/v1/reports/${id}/actions`, { method: 'POST', data, ...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey }, idempotent: true } : {}), toast: false });
/** Who a leader may reassign to. */
export const reassignCandidates = (id: string) => request<{ items: Candidate[] }>(`/api/v1/reports/${id}/candidates`);

/** Units a command centre can 派遣 this report to, best fit first. */
export const unitsFor = (reportId: string) => request<{ items: UnitView[] }>(`/api/v1/units?reportId=${reportId}`);
/** Open reports of a category near a point (duplicates to join or merge into). */
export const nearbyReports = (q: { lng: number; lat: number; categoryCode: string; radius?: number }) =>
  request<{ items: NearbyReport[] }>(`/api/v1/reports/nearby?lng=${q.lng}&lat=${q.lat}&categoryCode=${q.categoryCode}&radius=${q.radius ?? 100}`, { toast: false });
/** 我也遇到了. */
export const joinReport = (id: string, at: JoinReportInput) => request<ReportView>(`/api/v1/reports/${id}/join`, { method: 'POST', data: at });
export const leaveFeedback = (id: string, input: FollowerFeedbackInput) => request<ReportView>(`/api/v1/reports/${id}/feedback`, { method: 'POST', data: input });
/** Staff file a report for a resident who phoned or walked in. */
export const fileOnBehalf = (data: { channel: 'phone' | 'visit'; residentName: string; residentPhone?: string; description: string; categoryCode?: string; location?: { lng: number; lat: number }; gridCode?: string }, idempotencyKey: string) =>
  request<ReportView>('/api/v1/reports/on-behalf', { method: 'POST', data, headers: { 'Idempotency-Key': idempotencyKey }, idempotent: true });
/** The grid tree (staff). */
/** Grid outlines for a map; unknown codes are left out. */
export const gridBoundaries = (codes: string[]) =>
  request<{ items: GridBoundary[] }>(`/api/v1/grids/boundaries?codes=${encodeURIComponent(codes.join(','))}`, { toast: false });

export const listGrids = () => request<{ items: (Grid & { parentCode: string | null })[] }>('/api/v1/grids');

/** 查阅 and 注销 (PIPL): what the server holds about me, and ending my account. */
export const getMyData = () =>
  request<{ account: { name: string | null }; reports: unknown[]; following: string[]; notifications: unknown[] }>('/api/v1/me/data', { toast: false });
export const deleteMyAccount = () => request<{ reports: number }>('/api/v1/me?confirm=true', { method: 'DELETE' });

/** The full call-back number, for a reason the access log keeps (staff only). */
export const revealPhone = (id: string, reason: string) => request<{ phone: string }>(`/api/v1/reports/${id}/reveal-phone`, { method: 'POST', data: { reason } });
