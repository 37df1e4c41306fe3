// Routes: a URL fragment pattern and the page module that renders it
// (loaded on first use). auth: true sends the public to the login page.
// A domain screen replaces its placeholder here by pointing load at its
// own module, e.g. load: () => import('./pages/incidents.js').
const placeholder = () => import('./pages/placeholder.js');

export const routes = [
  { pattern: /^\/login$/, load: () => import('./pages/login.js') },
  { pattern: /^\/map$/, load: () => import('./map/mappage.js') },
  { pattern: /^\/public$/, load: () => import('./pages/public.js') },
  { pattern: /^\/log$/, load: () => import('./pages/log.js') },
  { pattern: /^\/entry\/(?<seq>[0-9]+)$/, load: () => import('./pages/entry.js') },
  { pattern: /^\/audit$/, auth: true, load: () => import('./pages/audit.js') },
  { pattern: /^\/me$/, auth: true, load: () => import('./pages/me.js') },
  { pattern: /^\/(?<screen>queues|incidents|zones|notifications|alerts|hotline|airspace|dashboard)$/, auth: true, load: placeholder },
  { pattern: /^$/, notFound: true, load: () => import('./pages/notfound.js') },
];
