import { type ReactNode } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useNavigate } from 'react-router';
import { session } from './auth/session';
import { useSession } from './auth/useSession';
import { ConnectionStatus } from './components/ConnectionStatus';
import { NotificationBell } from './components/NotificationBell';
import { LiveEventToasts, ToastProvider } from './components/Toasts';
import { NotificationProvider } from './hooks/useNotifications';
import { RealtimeProvider } from './hooks/RealtimeProvider';
import { AdminOverview } from './pages/admin/AdminOverview';
import { Dashboard } from './pages/Dashboard';
import { Login } from './pages/Login';
import { Marketplace } from './pages/Marketplace';
import { WebSocketTest } from './pages/test/WebSocketTest';

export function App() {
  return (
    <BrowserRouter>
      <RealtimeProvider>
        <ToastProvider>
          <Routes>
            <Route path="/login" element={<Login />} />
            <Route path="/" element={<SignedIn><Home /></SignedIn>} />
            <Route path="/admin" element={<SignedIn admin><AdminOverview /></SignedIn>} />
            <Route path="/marketplace" element={<SignedIn><Marketplace /></SignedIn>} />
            <Route path="/test/websocket" element={<SignedIn><WebSocketTest /></SignedIn>} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </ToastProvider>
      </RealtimeProvider>
    </BrowserRouter>
  );
}

/** The borrower's dashboard; an admin has no loans of their own and goes to the overview. */
function Home() {
  return session.isAdmin ? <Navigate to="/admin" replace /> : <Dashboard />;
}

function SignedIn({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const user = useSession();
  if (!user) return <Navigate to="/login" replace />;
  if (admin && !user.groups.includes('admin')) return <Navigate to="/" replace />;
  return (
    <NotificationProvider>
      <LiveEventToasts />
      <Header />
      {children}
    </NotificationProvider>
  );
}

function Header() {
  const user = useSession();
  const navigate = useNavigate();
  const isAdmin = user?.groups.includes('admin');
  return (
    <header className="top">
      <a className="skip" href="#content">Skip to content</a>
      <strong className="brand">OrbitLend</strong>
      <nav aria-label="Main">
        {isAdmin ? <NavLink to="/admin">Admin Overview</NavLink> : <NavLink to="/" end>Dashboard</NavLink>}
        <NavLink to="/marketplace">Marketplace</NavLink>
        <NavLink to="/test/websocket">WebSocket test</NavLink>
      </nav>
      <span className="spacer" />
      <ConnectionStatus />
      <NotificationBell />
      <span className="user">{user?.username}</span>
      <button type="button" onClick={() => { void session.logout().then(() => navigate('/login')); }}>Sign out</button>
      <span id="content" />
    </header>
  );
}
