/** A small History-API router: the desk has a handful of screens, no routing library needed. */
import { type AnchorHTMLAttributes, type ReactNode, useEffect, useState } from 'react';

export type Route =
  | { name: 'inbox' }
  | { name: 'case'; id: string }
  | { name: 'login' }
  | { name: 'dashboard' }
  | { name: 'settings' }
  | { name: 'people' }
  | { name: 'account' }
  | { name: 'welcome' }
  | { name: 'reset-password' }
  | { name: 'notifications' };

export function parseRoute(path: string): Route {
  const m = /^\/cases\/([\w-]{1,100})$/.exec(path);
  if (m) return { name: 'case', id: m[1]! };
  if (path === '/login') return { name: 'login' };
  if (path === '/dashboard') return { name: 'dashboard' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/settings/people') return { name: 'people' };
  if (path === '/account') return { name: 'account' };
  // One-time links: the secret is the fragment (never sent to the server, kept out of its logs).
  if (path === '/welcome') return { name: 'welcome' };
  if (path === '/reset-password') return { name: 'reset-password' };
  if (path === '/notifications') return { name: 'notifications' };
  return { name: 'inbox' };
}

/** The inbox's last address (its filters as `?…`), so "Back to the inbox" from a case returns to the same filtered list. */
export const lastInbox = { search: '' };

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * A link to a screen of the desk: a real `<a href>` (it can be copied or opened in a new tab) that a click follows
 * in place, without reloading the page. `onFollow` runs first (marking a notification read, say).
 */
export function Link({
  to,
  onFollow,
  children,
  ...rest
}: { to: string; onFollow?: () => void; children?: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'>) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        e.preventDefault();
        onFollow?.();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return route;
}
