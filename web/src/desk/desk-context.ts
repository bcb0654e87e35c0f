// What a view of the desk may ask of the page around it, handed down as a Preact context.
import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { Session } from './api.js';

export interface DeskContext {
  readonly session: Session;
  /** admin and editor act; organizer and viewer read. */
  readonly canEdit: boolean;
  /**
   * Go to a route (`#/inbox?...`); the same route again opens it anew. `notice` is said above
   * the view that opens (and read out): what the action that led there did.
   */
  go(hash: string, notice?: () => string): void;
  /** Say something to screen readers and sighted users alike (the page's status line). */
  announce(text: string): void;
  /** A 401 ends the session: returns true when it did. */
  signedOut(error: unknown): boolean;
  /**
   * The state named `name` of the route open now, made once by `make`: it outlives the view's
   * components (a password change in between draws another screen) until another route opens.
   */
  keep<T>(name: string, make: () => T): T;
}

export const DeskCtx = createContext<DeskContext | null>(null);

/** A view's state, kept for as long as its route is open (see `DeskContext.keep`). */
export function useRouteState<T>(name: string, make: () => T): T {
  const ctx = useDesk();
  const [state] = useState(() => ctx.keep(name, make));
  return state;
}

export function useDesk(): DeskContext {
  const ctx = useContext(DeskCtx);
  if (!ctx) throw new Error('a desk view outside the signed-in desk');
  return ctx;
}
