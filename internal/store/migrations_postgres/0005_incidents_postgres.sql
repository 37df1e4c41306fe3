-- PostgreSQL only: the search index of incidents, counterpart of
-- migrations/0005_incidents_sqlite.sql (R*Tree and FTS5 there). One row per
-- incident (id is incidents.n): its bounding box and time span in one GiST
-- index, its narrative, place and sources as a tsvector in a GIN index.
-- Built-in types only: no extension needed.
CREATE TABLE incidents_search (
    id   BIGINT PRIMARY KEY REFERENCES incidents (n),
    bbox BOX NOT NULL,       -- (max_lon, max_lat), (min_lon, min_lat)
    span INT8RANGE NOT NULL, -- [t0, t1] in Unix seconds
    doc  TSVECTOR NOT NULL
);
CREATE INDEX incidents_search_where_when ON incidents_search USING gist (bbox, span);
CREATE INDEX incidents_search_doc ON incidents_search USING gin (doc);
