// The notification centre: the gateway's stored history of the caller's own channels (REST) merged with the live
// stream by notification id, so a notification is listed once whether it came by REST, live, or both. Survives
// reloads and other devices (read state is kept by the gateway).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { notificationApi } from '../api/endpoints';
import type { StoredNotification } from '../api/types';
import { useSession } from '../auth/useSession';
import type { EventFrame } from '../realtime/protocol';
import { useResync, useWebSocket } from './useWebSocket';

export interface NotificationItem extends StoredNotification {
  live: boolean;
}

export interface NotificationCentre {
  items: NotificationItem[];
  unread: number;
  /** False while the gateway's notification API cannot be reached: the list then holds this tab's live events. */
  historyAvailable: boolean;
  markRead(ids: string[]): Promise<void>;
  markAllRead(): Promise<void>;
  reload(): void;
}

const Ctx = createContext<NotificationCentre | null>(null);
const MAX = 200;

export function mergeNotifications(current: NotificationItem[], incoming: NotificationItem[]): NotificationItem[] {
  const byId = new Map<string, NotificationItem>();
  for (const n of current) byId.set(`${n.channel}|${n.id}`, n);
  for (const n of incoming) {
    const key = `${n.channel}|${n.id}`;
    const old = byId.get(key);
    byId.set(key, old ? { ...old, ...n, read: n.read || (old.read && !n.live) } : n);
  }
  return [...byId.values()]
    .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))
    .slice(0, MAX);
}

export function NotificationProvider({ children }: { children: ReactNode }) {
  const user = useSession();
  const { onAnyEvent } = useWebSocket();
  const [items, setItems] = useState<NotificationItem[]>([]);
  const [serverUnread, setServerUnread] = useState<number | null>(null);
  const [historyAvailable, setHistoryAvailable] = useState(true);
  const loadSeq = useRef(0);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const reload = useCallback(() => {
    if (!user) return;
    const seq = ++loadSeq.current;
    notificationApi.recent(50).then((res) => {
      if (seq !== loadSeq.current) return;
      setHistoryAvailable(true);
      setServerUnread(res.unread);
      // the server's view replaces the stored ones; live ones it does not list yet stay
      setItems((cur) => mergeNotifications(cur.filter((n) => n.live), res.items.map((n) => ({ ...n, live: false }))));
    }).catch(() => {
      if (seq === loadSeq.current) setHistoryAvailable(false);
    });
  }, [user]);

  useEffect(() => {
    setItems([]);
    setServerUnread(null);
    reload();
  }, [reload]);
  useResync(reload);

  useEffect(() => onAnyEvent((frame: EventFrame) => {
    if (frame.channel.startsWith('public:')) return; // the market feed is not a personal notification
    const item: NotificationItem = {
      id: frame.id, event: frame.event, channel: frame.channel, pos: frame.pos, timestamp: frame.timestamp,
      data: frame.data as unknown as Record<string, unknown>, read: false, live: true,
    };
    if (itemsRef.current.some((n) => n.id === item.id && n.channel === item.channel)) return;
    setServerUnread((u) => (u === null ? u : u + 1));
    setItems((cur) => mergeNotifications(cur, [item]));
  }), [onAnyEvent]);

  const markRead = useCallback(async (ids: string[]) => {
    setItems((cur) => cur.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)));
    if (historyAvailable) {
      await notificationApi.markRead(ids).catch(() => undefined);
      notificationApi.unreadCount().then((r) => setServerUnread(r.unread)).catch(() => undefined);
    }
  }, [historyAvailable]);

  const markAllRead = useCallback(async () => {
    setItems((cur) => cur.map((n) => ({ ...n, read: true })));
    setServerUnread((u) => (u === null ? u : 0));
    if (historyAvailable) {
      await notificationApi.markAllRead().catch(() => undefined);
      notificationApi.unreadCount().then((r) => setServerUnread(r.unread)).catch(() => undefined);
    }
  }, [historyAvailable]);

  const unread = historyAvailable && serverUnread !== null ? serverUnread : items.filter((n) => !n.read).length;
  const value = useMemo(() => ({ items, unread, historyAvailable, markRead, markAllRead, reload }),
    [items, unread, historyAvailable, markRead, markAllRead, reload]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useNotifications(): NotificationCentre {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useNotifications needs a NotificationProvider');
  return ctx;
}
