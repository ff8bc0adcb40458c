import { describe, expect, it } from 'vitest';
import { mergeNotifications, type NotificationItem } from './useNotifications';

const n = (id: string, ts: string, extra: Partial<NotificationItem> = {}): NotificationItem => ({
  id, event: 'loan:new', channel: 'role:admin', timestamp: ts, data: {}, read: false, live: false, ...extra,
});

describe('notification centre merge', () => {
  it('lists a notification once whether it came live, from the history, or both; newest first', () => {
    const live = [n('b', '2026-12-02T10:02:00Z', { live: true }), n('c', '2026-12-02T10:03:00Z', { live: true })];
    const history = [n('a', '2026-12-02T10:01:00Z', { read: true }), n('b', '2026-12-02T10:02:00Z')];
    const merged = mergeNotifications(live, history);
    expect(merged.map((x) => x.id)).toEqual(['c', 'b', 'a']);
    expect(merged.find((x) => x.id === 'a')!.read).toBe(true);
  });

  it('keeps the same id on two channels apart (ids are unique per channel)', () => {
    const merged = mergeNotifications([n('x', '2026-12-02T10:00:00Z')], [n('x', '2026-12-02T10:00:00Z', { channel: 'user:u1' })]);
    expect(merged).toHaveLength(2);
  });

  it('takes the read state the server reports for a live item', () => {
    const merged = mergeNotifications([n('b', '2026-12-02T10:02:00Z', { live: true })], [n('b', '2026-12-02T10:02:00Z', { read: true })]);
    expect(merged[0].read).toBe(true);
  });
});
