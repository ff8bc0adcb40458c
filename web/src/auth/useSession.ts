import { useSyncExternalStore } from 'react';
import { session, type User } from './session';

/** The signed-in user (null when signed out); re-renders on sign-in, refresh and sign-out. */
export function useSession(): User | null {
  return useSyncExternalStore((fn) => session.subscribe(fn), () => session.user);
}
