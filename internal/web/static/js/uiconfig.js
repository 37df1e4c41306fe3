// The node's settings for the UI (GET /api/v1/ui/config), read once at
// boot: lists the UI must not keep its own copy of, such as the incident
// categories the API accepts, come from here.
import { api } from './api.js';

let config = null;

// loadUIConfig reads the settings once; later calls return the same
// answer. A failed read leaves the lists empty and is thrown to the caller.
export async function loadUIConfig() {
  if (!config) config = api('/api/v1/ui/config').catch((err) => { config = null; throw err; });
  return config;
}

let categories = [];

// incidentCategories returns the incident categories of the API, in the
// order to list them (empty until loadUIConfig has answered).
export function incidentCategories() { return categories; }

// ready loads the settings and keeps the lists the UI reads synchronously
// (incidentCategories); boot awaits it before the first page is drawn.
export async function ready() {
  const c = await loadUIConfig();
  categories = Array.isArray(c.incident_categories) ? c.incident_categories : [];
  return c;
}
