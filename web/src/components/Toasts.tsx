// Toasts for live events, in a polite live region so screen readers announce them. Text only, never HTML.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { describeFrame } from '../format/format';
import { useWebSocket } from '../hooks/useWebSocket';

export interface Toast { id: number; text: string; tone: 'info' | 'success' | 'warning' | 'error' }
interface ToastApi { push(text: string, tone?: Toast['tone']): void }
const Ctx = createContext<ToastApi | null>(null);
const LIFETIME_MS = 8000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((t) => t.filter((x) => x.id !== id)), []);
  const push = useCallback((text: string, tone: Toast['tone'] = 'info') => {
    const id = ++next.current;
    setToasts((t) => [...t.slice(-4), { id, text, tone }]);
    setTimeout(() => dismiss(id), LIFETIME_MS);
  }, [dismiss]);
  const api = useMemo(() => ({ push }), [push]);
  return (
    <Ctx.Provider value={api}>
      {children}
      <ToastList toasts={toasts} onDismiss={dismiss} />
    </Ctx.Provider>
  );
}

export function ToastList({ toasts, onDismiss }: { toasts: Toast[]; onDismiss(id: number): void }) {
  return (
    <div className="toasts" role="log" aria-live="polite" aria-label="Notifications log">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`}>
          <span>{t.text}</span>
          <button type="button" className="link" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>×</button>
        </div>
      ))}
    </div>
  );
}

export function useToasts(): ToastApi {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useToasts needs a ToastProvider');
  return ctx;
}

/** A toast for every live event addressed to the user or their role (the public market feed stays on its page). */
export function LiveEventToasts() {
  const { onAnyEvent } = useWebSocket();
  const { push } = useToasts();
  useEffect(() => onAnyEvent((frame) => {
    if (frame.channel.startsWith('public:')) return;
    const data = frame.data as unknown as Record<string, unknown>;
    const tone = data.status === 'rejected' ? 'warning'
      : data.status === 'approved' || frame.event === 'loan:funded' ? 'success' : 'info';
    push(describeFrame(frame), tone);
  }), [onAnyEvent, push]);
  return null;
}
