import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { session } from '../auth/session';
import { Field, ProblemAlert } from '../components/Field';
import { useAction } from '../hooks/useAction';

export function Login() {
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useAction(async () => {
    const user = await session.login(username.trim(), password);
    navigate(user.groups.includes('admin') ? '/admin' : '/', { replace: true });
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn.run();
  };
  return (
    <main className="login">
      <h1>OrbitLend</h1>
      <form onSubmit={submit} aria-label="Sign in" noValidate>
        <Field label="Username" name="username" autoComplete="username" value={username} required
          onChange={(e) => setUsername(e.target.value)} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} required
          onChange={(e) => setPassword(e.target.value)} />
        <ProblemAlert error={signIn.error} />
        <button type="submit" disabled={signIn.pending}>Sign in</button>
      </form>
      <p className="hint">Local demo accounts: alice, bob, admin (development passwords from the README).</p>
    </main>
  );
}
