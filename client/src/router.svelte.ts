import { defineContext } from './lib/context.ts';

export type Route = { name: 'home' } | { name: 'matrix'; id: string } | { name: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const m = /^\/m\/([^/]+)\/?$/.exec(pathname);
  if (m?.[1]) {
    try {
      return { name: 'matrix', id: decodeURIComponent(m[1]) };
    } catch {
      return { name: 'not-found', path: pathname };
    }
  }
  return { name: 'not-found', path: pathname };
}

export function matrixPath(id: string): string {
  return `/m/${encodeURIComponent(id)}`;
}

/** History-API routing: the URL path is the only route state. */
export class Router {
  path = $state.raw(location.pathname);
  route = $derived(parseRoute(this.path));

  constructor() {
    window.addEventListener('popstate', () => (this.path = location.pathname));
  }

  navigate(href: string, options: { replace?: boolean } = {}): void {
    const url = new URL(href, location.href);
    if (url.href === location.href) return;
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.path = url.pathname;
    window.scrollTo(0, 0);
  }

  /** Document-level click handler: plain left clicks on same-origin <a href> stay in the app. */
  interceptClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a[href]');
    if (!(anchor instanceof HTMLAnchorElement)) return;
    if (anchor.target && anchor.target !== '_self') return;
    if (anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
    if (!/^\/($|m\/)/.test(anchor.pathname)) return;
    event.preventDefault();
    this.navigate(anchor.href);
  };
}

export const routerContext = defineContext<Router>('router');
