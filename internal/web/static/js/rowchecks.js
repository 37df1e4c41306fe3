// Checks that a record's row shows what the log holds. A listing row of a
// zone or an incident carries the sequence number of one of its entries;
// verifyCells verifies that entry, and the functions here compare the
// verified content with the fields the row shows (see verifyCells).
import { api } from './api.js';
import { checkEntry, differing } from './verifyview.js';
import { entryKind, subjectOf } from './uiconfig.js';

// zoneRow checks a zone row showing version v of zone id: the entry is
// about the zone, and if it proposed the version, its kind and names are
// those shown.
export function zoneRow(id, v) {
  return (e) => {
    const wrong = differing([['subject', subjectOf('zone', id), e.subject]]);
    if (e.kind === entryKind('zones', 'proposal')) {
      const p = (e.payload && e.payload.version) || {};
      wrong.push(...differing([['version', v.version, p.version], ['zone_kind', v.kind, p.kind],
        ['name', [v.name, v.name_ru, v.name_ar], [p.name, p.name_ru, p.name_ar]]]));
    } else if (e.kind === entryKind('zones', 'agreement')) {
      wrong.push(...differing([['version', v.version, e.payload && e.payload.version]]));
    } else wrong.push('kind');
    return wrong;
  };
}

// incidentRow checks an incident row (a brief listing: category, time,
// place, status): the entry is about the incident and, if it set a status,
// the status shown. The row's category, time and place come from the
// incident's report, so unless the entry is that report, the report entry
// is found in the incident's history, verified too, and compared.
export function incidentRow(inc, opts = {}) {
  return async (e) => {
    const subject = subjectOf('incident', inc.id);
    const report = entryKind('incidents', 'report');
    const wrong = differing([['subject', subject, e.subject]]);
    if (wrong.length) return wrong;
    if (e.payload && e.payload.status && inc.status) wrong.push(...differing([['status', inc.status, e.payload.status]]));
    let reported = e;
    if (e.kind !== report) {
      const hist = await api(`/api/v1/incidents/${encodeURIComponent(inc.id)}/history`, opts);
      const first = (hist.items || []).map((x) => (x.entry ? { seq: x.seq, ...x.entry } : x)).find((x) => x.kind === report);
      if (!first) return [...wrong, 'category'];
      const checked = await checkEntry(first.seq, opts);
      if (checked.error) throw checked.error;
      reported = checked.result.entry;
      if (reported.kind !== report || reported.subject !== subject) return [...wrong, 'kind'];
    }
    const r = (reported.payload && reported.payload.incident) || {};
    wrong.push(...differing([['category', inc.category, r.category], ['time', inc.time && inc.time.start, r.time && r.time.start],
      ['place', inc.place_name || '', r.place_name || '']]));
    return wrong;
  };
}
