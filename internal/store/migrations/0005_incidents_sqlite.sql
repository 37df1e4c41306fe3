-- sqlite only: the search indexes of incidents. PostgreSQL uses a GiST
-- index over (location box, time range) and a tsvector index instead.
-- Filled by the projectors through store/incidents_search_sqlite.go.
--
-- R*Tree over (longitude, latitude, time) boxes; id is incidents.n.
CREATE VIRTUAL TABLE incidents_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat, t0, t1);
-- FTS5 over narrative, place name and sources; rowid is incidents.n.
CREATE VIRTUAL TABLE incidents_fts USING fts5 (narrative, place, sources, content = '', tokenize = 'unicode61 remove_diacritics 2');
