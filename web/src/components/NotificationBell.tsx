import { useState } from 'react';
import { describeEvent, formatTime } from '../format/format';
import { useNotifications } from '../hooks/useNotifications';

export function NotificationBell() {
  const { items, unread, markAllRead, markRead, historyAvailable } = useNotifications();
  const [open, setOpen] = useState(false);
  return (
    <div className="bell">
      <button type="button" aria-label="Notifications" aria-expanded={open} aria-controls="notification-panel"
        onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">🔔</span>
        <span className="badge" data-testid="unread-badge">{unread}</span>
      </button>
      {open && (
        <section id="notification-panel" className="panel" aria-label="Notification centre">
          <div className="row">
            <strong>Notifications</strong>
            <button type="button" onClick={() => void markAllRead()} disabled={unread === 0}>Mark all read</button>
          </div>
          {!historyAvailable && <p className="hint">History unavailable: showing this tab's live events only.</p>}
          {items.length === 0 ? <p className="hint">Nothing yet.</p> : (
            <ul className="feed">
              {items.map((n) => (
                <li key={`${n.channel}|${n.id}`} className={n.read ? 'read' : 'unread'}>
                  <span>{describeEvent(n.event, n.data)}</span>
                  <time dateTime={n.timestamp}>{formatTime(n.timestamp)}</time>
                  {!n.read && <button type="button" className="link" onClick={() => void markRead([n.id])}>Mark read</button>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
