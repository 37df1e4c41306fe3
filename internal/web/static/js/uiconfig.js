// The node's settings for the UI (GET /api/v1/ui/config), read once at
// boot: lists the UI must not keep its own copy of come from here — the
// incident categories the API accepts, the log entry kinds the UI listens
// for (grouped per domain by what the UI does with them) and the log
// subject prefix of each record type.
import { api } from './api.js';

let config = null;

// loadUIConfig reads the settings once; later calls return the same
// answer. A failed read leaves the lists empty and is thrown to the caller.
export async function loadUIConfig() {
  if (!config) config = api('/api/v1/ui/config').catch((err) => { config = null; throw err; });
  return config;
}

let categories = [];
let kinds = {};
let subjects = {};

// incidentCategories returns the incident categories of the API, in the
// order to list them (empty until loadUIConfig has answered).
export function incidentCategories() { return categories; }

// entryKinds returns the entry kinds of group in domain as the node serves
// them (entryKinds('incidents', 'status')); group 'all' is every kind of
// the domain. It returns [] for an unknown domain or group, and until
// ready has answered.
export function entryKinds(domain, group = 'all') {
  const g = kinds[domain] && kinds[domain][group];
  return Array.isArray(g) ? g : [];
}

// entryKind returns the one kind of a single-kind group
// (entryKind('incidents', 'report')), or '' if the group holds no kind or
// more than one.
export function entryKind(domain, group) {
  const g = entryKinds(domain, group);
  return g.length === 1 ? g[0] : '';
}

// subjectOf returns the log subject of record id of type ('incident',
// 'zone', 'site', 'flightplan', …), built from the prefix the node serves.
// It throws for a type the node does not serve.
export function subjectOf(type, id) {
  const prefix = subjects[type];
  if (typeof prefix !== 'string' || prefix === '') throw new Error(`no log subject for records of type ${type}`);
  return prefix + id;
}

// ready loads the settings and keeps the lists the UI reads synchronously
// (incidentCategories, entryKinds, subjectOf); boot awaits it before the
// first page is drawn.
export async function ready() {
  const c = await loadUIConfig();
  categories = Array.isArray(c.incident_categories) ? c.incident_categories : [];
  kinds = c.entry_kinds && typeof c.entry_kinds === 'object' ? c.entry_kinds : {};
  subjects = c.subjects && typeof c.subjects === 'object' ? c.subjects : {};
  return c;
}
