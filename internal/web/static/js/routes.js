// Routes: a URL fragment pattern and the page module that renders it
// (loaded on first use). auth: true sends the public to the login page.
// A domain screen replaces its placeholder here by pointing load at its
// own module, e.g. load: () => import('./pages/incidents.js'); a module
// with several pages names the one to render with page().
const placeholder = () => import('./pages/placeholder.js');
const page = (load, name) => () => load().then((m) => ({ render: m[name] }));
const ID = '(?<id>[A-Za-z0-9_.:-]+)';

export const routes = [
  { pattern: /^\/login$/, load: () => import('./pages/login.js') },
  { pattern: /^\/map$/, load: () => import('./map/mappage.js') },
  { pattern: /^\/public$/, load: () => import('./pages/public.js') },
  { pattern: /^\/log$/, load: () => import('./pages/log.js') },
  { pattern: /^\/sitrep$/, load: () => import('./pages/sitrep.js') },
  { pattern: /^\/entry\/(?<seq>[0-9]+)$/, load: () => import('./pages/entry.js') },
  { pattern: /^\/audit$/, auth: true, load: () => import('./pages/audit.js') },
  { pattern: /^\/help$/, load: () => import('./pages/help.js') },
  { pattern: /^\/me$/, auth: true, load: () => import('./pages/me.js') },
  { pattern: /^\/queues$/, auth: true, load: () => import('./pages/queues.js') },
  { pattern: /^\/incidents$/, auth: true, load: () => import('./pages/incidents.js') },
  { pattern: /^\/incidents\/new$/, auth: true, load: () => import('./pages/report.js') },
  { pattern: new RegExp(`^/incidents/${ID}$`), auth: true, load: () => import('./pages/incident.js') },
  { pattern: /^\/zones$/, auth: true, load: page(() => import('./pages/zones.js'), 'renderList') },
  { pattern: /^\/zones\/new$/, auth: true, load: page(() => import('./pages/zones.js'), 'renderForm') },
  { pattern: new RegExp(`^/zones/${ID}$`), auth: true, load: page(() => import('./pages/zones.js'), 'renderRecord') },
  { pattern: /^\/notifications$/, auth: true, load: page(() => import('./pages/notices.js'), 'renderList') },
  { pattern: /^\/notifications\/new\/(?<kind>site|movement)$/, auth: true, load: page(() => import('./pages/notices.js'), 'renderForm') },
  { pattern: new RegExp(`^/notifications/(?<type>sites|movements)/${ID}/update$`), auth: true, load: page(() => import('./pages/notices.js'), 'renderForm') },
  { pattern: new RegExp(`^/notifications/(?<type>sites|movements)/${ID}$`), auth: true, load: page(() => import('./pages/notices.js'), 'renderRecord') },
  { pattern: /^\/alerts$/, auth: true, load: page(() => import('./pages/alerts.js'), 'renderList') },
  { pattern: new RegExp(`^/alerts/${ID}$`), auth: true, load: page(() => import('./pages/alerts.js'), 'renderRecord') },
  { pattern: /^\/hotline$/, auth: true, load: page(() => import('./pages/hotline.js'), 'renderList') },
  { pattern: new RegExp(`^/hotline/${ID}$`), auth: true, load: page(() => import('./pages/hotline.js'), 'renderRecord') },
  { pattern: /^\/sources$/, auth: true, load: page(() => import('./pages/sources.js'), 'renderList') },
  { pattern: new RegExp(`^/drafts/${ID}$`), auth: true, load: page(() => import('./pages/sources.js'), 'renderDraft') },
  { pattern: /^\/agreements$/, auth: true, load: page(() => import('./pages/agreements.js'), 'renderList') },
  { pattern: /^\/agreements\/new$/, auth: true, load: page(() => import('./pages/terms_forms.js'), 'renderAgreementForm') },
  { pattern: /^\/passages\/new$/, auth: true, load: page(() => import('./pages/terms_forms.js'), 'renderPassageForm') },
  { pattern: new RegExp(`^/agreements/${ID}$`), auth: true, load: page(() => import('./pages/agreements.js'), 'renderRecord') },
  { pattern: new RegExp(`^/passages/${ID}$`), auth: true, load: page(() => import('./pages/passages.js'), 'renderRecord') },
  { pattern: /^\/cases$/, auth: true, load: page(() => import('./pages/cases.js'), 'renderList') },
  { pattern: new RegExp(`^/cases/${ID}$`), auth: true, load: page(() => import('./pages/cases.js'), 'renderRecord') },
  { pattern: /^\/dashboard$/, auth: true, load: () => import('./pages/dashboard.js') },
  { pattern: /^\/airspace$/, auth: true, load: () => import('./pages/airspace.js') },
  { pattern: /^\/flightplans\/new$/, auth: true, load: page(() => import('./pages/flightplan.js'), 'renderForm') },
  { pattern: new RegExp(`^/flightplans/${ID}/amend$`), auth: true, load: page(() => import('./pages/flightplan.js'), 'renderForm') },
  { pattern: new RegExp(`^/flightplans/${ID}$`), auth: true, load: page(() => import('./pages/flightplan.js'), 'renderRecord') },
  { pattern: new RegExp(`^/conflicts/${ID}$`), auth: true, load: page(() => import('./pages/airspacerecords.js'), 'renderConflict') },
  { pattern: /^\/reservations\/new$/, auth: true, load: page(() => import('./pages/airspacerecords.js'), 'renderReservationForm') },
  { pattern: new RegExp(`^/reservations/${ID}$`), auth: true, load: page(() => import('./pages/airspacerecords.js'), 'renderReservation') },
  { pattern: /^$/, notFound: true, load: () => import('./pages/notfound.js') },
];
