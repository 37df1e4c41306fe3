-- PostgreSQL only: the search index of incidents, counterpart of
-- migrations/0005_incidents_sqlite.sql (R*Tree and FTS5 there). One row per
-- incident (id is incidents.n): its bounding box and time span in one GiST
-- index, the words of its narrative, place and sources as a tsvector
-- ('simple' configuration: no stemming, no stop words) in a GIN index.
-- Built-in types only: no extension needed. A trigger fills it when an
-- incident's report row is inserted (after its incidents row), so that the
-- projectors stay engine-neutral.
CREATE TABLE incidents_search (
    id   BIGINT PRIMARY KEY REFERENCES incidents (n),
    bbox BOX NOT NULL,       -- (max_lon, max_lat), (min_lon, min_lat)
    span INT8RANGE NOT NULL, -- [t0, t1] in Unix seconds
    doc  TSVECTOR NOT NULL
);
CREATE INDEX incidents_search_where_when ON incidents_search USING gist (bbox, span);
CREATE INDEX incidents_search_doc ON incidents_search USING gin (doc);
CREATE FUNCTION incident_reports_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incidents_search (id, bbox, span, doc)
        SELECT i.n, box(point(i.min_lon, i.min_lat), point(i.max_lon, i.max_lat)),
            int8range(i.t0, i.t1, '[]'), to_tsvector('simple', NEW.words)
        FROM incidents i WHERE i.n = NEW.n;
    RETURN NULL;
END
$$;
CREATE TRIGGER incident_reports_search AFTER INSERT ON incident_reports
    FOR EACH ROW EXECUTE FUNCTION incident_reports_search();
