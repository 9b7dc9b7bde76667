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
  | { name: 'notifications' }
  | { name: 'not-found'; path: string };

/** Old or short addresses people type or keep (issue 16: `/people` showed the inbox): where each lives now. */
const MOVED: Record<string, string> = {
  '/people': '/settings/people',
  '/members': '/settings/people',
  '/users': '/settings/people',
  '/team': '/settings/people',
  '/inbox': '/',
  '/cases': '/',
  '/profile': '/account',
  '/reports': '/dashboard',
};

/** The page an old or short address moved to (a trailing slash dropped), or null when it is no such address. */
export function movedTo(path: string): string | null {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const to = MOVED[bare.toLowerCase()] ?? (bare !== path ? bare : null);
  return to;
}

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
  if (path === '/' || path === '') return { name: 'inbox' };
  return { name: 'not-found', path };
}

/** The route of the address shown, an old or short one replaced by where it moved (the query and fragment kept). */
function currentRoute(): Route {
  const to = movedTo(window.location.pathname);
  if (to) window.history.replaceState(null, '', to + window.location.search + window.location.hash);
  return parseRoute(window.location.pathname);
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
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const on = () => setRoute(currentRoute());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return route;
}
