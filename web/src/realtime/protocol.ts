// The gateway's WebSocket protocol (notification-gateway/README.md, "FRAMES"), as TypeScript types.

/** Payloads of the seed's events, as the gateway routes them. */
export interface LoanNewData {
  loanId: string; userId: string; amount: number; asset: string; purpose: string;
  collateral: { asset: string; amount: number }; timestamp: string;
}
export interface LoanStatusData {
  loanId: string; userId: string; status: 'approved' | 'rejected'; amount?: number; rejectionReason?: string;
  timestamp: string;
}
export interface LoanFundedData {
  loanId: string; userId: string; txHash: string; nftId: string; amount: number; timestamp: string;
}
export interface KycStatusData {
  userId: string; status: 'approved' | 'rejected'; rejectionReason?: string; timestamp: string;
}
export interface AdminNotificationData {
  type: 'loan_request' | 'kyc_submission' | 'system_alert'; message: string; data?: unknown; timestamp: string;
}
export interface MarketplaceUpdateData {
  type: 'new_listing' | 'ownership_transfer' | 'repayment' | 'listing_withdrawn';
  loanId: string; nftId?: string; amount?: number; timestamp: string;
}

/** Event name -> payload. */
export interface EventMap {
  'loan:new': LoanNewData;
  'loan:status': LoanStatusData;
  'loan:funded': LoanFundedData;
  'kyc:status': KycStatusData;
  'admin:notification': AdminNotificationData;
  'marketplace:update': MarketplaceUpdateData;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = [
  'loan:new', 'loan:status', 'loan:funded', 'kyc:status', 'admin:notification', 'marketplace:update',
];

export interface EventFrame<E extends EventName = EventName> {
  type: 'event'; event: E; channel: string; id: string; pos: string; timestamp: string; data: EventMap[E];
}
export interface WelcomeFrame {
  type: 'welcome'; sessionId: string; userId: string; channels: string[]; heartbeatIntervalSeconds: number;
  expiresAt: string; cursor?: string;
}
export interface ResumedFrame {
  type: 'resumed'; recovered: boolean; replayed?: number; reason?: string; cursor?: string;
}
export interface SubscribedFrame { type: 'subscribed'; channel: string; cursor?: string }
export interface UnsubscribedFrame { type: 'unsubscribed'; channel: string; cursor?: string }
export interface PongFrame { type: 'pong' }
export interface RefreshedFrame { type: 'refreshed'; expiresAt: string }
export interface ErrorFrame { type: 'error'; code: string; message: string; channel?: string }

export type ServerFrame = WelcomeFrame | ResumedFrame | EventFrame | SubscribedFrame | UnsubscribedFrame
  | PongFrame | RefreshedFrame | ErrorFrame;

export type ClientFrame =
  | { type: 'ping' }
  | { type: 'subscribe'; channel: string }
  | { type: 'unsubscribe'; channel: string }
  | { type: 'refresh'; token: string };

const SERVER_TYPES = new Set(['welcome', 'resumed', 'event', 'subscribed', 'unsubscribed', 'pong', 'refreshed', 'error']);

/** Parses a text frame from the gateway; null if it is not a JSON object with a known `type`. */
export function parseServerFrame(text: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !SERVER_TYPES.has(type)) return null;
  if (type === 'event') {
    const e = value as Partial<EventFrame>;
    if (typeof e.channel !== 'string' || typeof e.id !== 'string' || typeof e.pos !== 'string'
      || typeof e.event !== 'string' || typeof e.data !== 'object' || e.data === null) return null;
  }
  return value as ServerFrame;
}

/** Close codes of the gateway (README "Close codes") and of this client. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY: 1008,
  TOO_BIG: 1009,
  SEND_FAILED: 1011,
  TOKEN_EXPIRED: 4401,
  HEARTBEAT_TIMEOUT: 4408,
  TOO_MANY_CONNECTIONS: 4409,
  SLOW_CONSUMER: 4429,
  /** Used by this client when it gives up on a connection that stopped answering. */
  CLIENT_HEARTBEAT: 4000,
} as const;
