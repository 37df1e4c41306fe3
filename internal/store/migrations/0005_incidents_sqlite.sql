-- sqlite only: the search indexes of incidents (PostgreSQL's counterpart is
-- migrations_postgres/0005_incidents_postgres.sql). A trigger fills them
-- when an incident's report row is inserted (after its incidents row), so
-- that the projectors stay engine-neutral and no incident is ever missing
-- from them. Incidents are never deleted (replay rebuilds a fresh database).
--
-- R*Tree over (longitude, latitude, time) boxes; id is incidents.n. Time is
-- in weeks (Unix seconds / 604800), not seconds: the R*Tree splits nodes by
-- area and margin, and in seconds the time axis dwarfs the degrees so that
-- every node became a thin slice of time covering the whole map (a 50 km ×
-- 7 day query visited ~20× more nodes). The R*Tree stores 32-bit floats
-- rounded outwards, so it is a superset test; queries re-check the exact
-- integer columns of incidents.
CREATE VIRTUAL TABLE incidents_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat, w0, w1);
-- FTS5 over incident_reports.words; rowid is incidents.n.
CREATE VIRTUAL TABLE incidents_fts USING fts5 (words, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER incident_reports_search AFTER INSERT ON incident_reports BEGIN
    INSERT INTO incidents_rtree (id, min_lon, max_lon, min_lat, max_lat, w0, w1)
        SELECT n, min_lon, max_lon, min_lat, max_lat, t0 / 604800.0, t1 / 604800.0 FROM incidents WHERE n = new.n;
    INSERT INTO incidents_fts (rowid, words) VALUES (new.n, new.words);
END;
