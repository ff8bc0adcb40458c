import { type ReactNode } from 'react';
import { BrowserRouter, Navigate, NavLink, Outlet, Route, Routes, useNavigate } from 'react-router';
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
            <Route element={<SignedIn />}>
              <Route path="/" element={<Home />} />
              <Route path="/admin" element={<AdminOnly><AdminOverview /></AdminOnly>} />
              <Route path="/marketplace" element={<Marketplace />} />
              <Route path="/test/websocket" element={<WebSocketTest />} />
            </Route>
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

/** The signed-in frame: header (status, bell), toasts and the notification centre stay across pages. */
function SignedIn() {
  const user = useSession();
  if (!user) return <Navigate to="/login" replace />;
  return (
    <NotificationProvider>
      <LiveEventToasts />
      <Header />
      <Outlet />
    </NotificationProvider>
  );
}

function AdminOnly({ children }: { children: ReactNode }) {
  return session.isAdmin ? children : <Navigate to="/" replace />;
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
