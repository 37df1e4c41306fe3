// Package gpkg writes features to an OGC GeoPackage 1.3 file (OGC 12-128r18):
// one feature table per collection, geometries in WGS 84 (EPSG:4326) as
// GeoPackage binary (a "GP" header with the envelope, then WKB), and each
// collection's queryables as typed columns. It writes to a file, not a
// stream: a GeoPackage is an SQLite database.
package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"truce/internal/features"
	"truce/internal/ogc/cql2"
)

// Writer fills one GeoPackage file. Layers are added one at a time:
// AddLayer, then Write each of its features; Close finishes the file.
type Writer struct {
	db    *sql.DB
	tx    *sql.Tx
	layer *layer
}

// layer is the feature table being written.
type layer struct {
	info    features.Info
	columns []column
	insert  *sql.Stmt
	bounds  orb.Bound
	any     bool
}

// column is one attribute column: its name and SQL type.
type column struct{ name, sqlType string }

// Create creates the GeoPackage file path, which must not exist.
func Create(ctx context.Context, path string) (*Writer, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return nil, fmt.Errorf("gpkg: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	w := &Writer{db: db}
	if err := w.schema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if w.tx, err = db.BeginTx(ctx, nil); err != nil {
		db.Close()
		return nil, fmt.Errorf("gpkg: begin: %w", err)
	}
	return w, nil
}

// schema writes the GeoPackage header and its required tables.
func (w *Writer) schema(ctx context.Context) error {
	stmts := []string{
		`PRAGMA application_id = 1196444487`, // "GPKG"
		`PRAGMA user_version = 10300`,        // GeoPackage 1.3.0
		`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
			organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
		`INSERT INTO gpkg_spatial_ref_sys VALUES
			('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
			('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
			('WGS 84 geodetic', 4326, 'EPSG', 4326, '` + wgs84 + `', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
		`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
			description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
			min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
			CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
		`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
			srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
			CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
			CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
			CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
	}
	for _, s := range stmts {
		if _, err := w.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("gpkg: schema: %w", err)
		}
	}
	return nil
}

// wgs84 is the OGC WKT of EPSG:4326, as GeoPackage 1.3 lists it.
const wgs84 = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// AddLayer finishes the layer being written, if any, and starts the
// feature table of collection info: fid, geom, the feature's id, then a
// column per queryable.
func (w *Writer) AddLayer(ctx context.Context, info features.Info) error {
	if err := w.finishLayer(ctx); err != nil {
		return err
	}
	l := &layer{info: info, columns: []column{{"id", "TEXT"}}}
	for _, q := range info.Queryables {
		l.columns = append(l.columns, column{q.Name, sqlType(q.Type)})
	}
	defs := []string{"fid INTEGER PRIMARY KEY AUTOINCREMENT", "geom GEOMETRY"}
	names := []string{"geom"}
	marks := []string{"?"}
	for _, c := range l.columns {
		defs = append(defs, quote(c.name)+" "+c.sqlType)
		names = append(names, quote(c.name))
		marks = append(marks, "?")
	}
	if _, err := w.tx.ExecContext(ctx, "CREATE TABLE "+quote(info.ID)+" ("+strings.Join(defs, ", ")+")"); err != nil {
		return fmt.Errorf("gpkg: layer %s: %w", info.ID, err)
	}
	var err error
	l.insert, err = w.tx.PrepareContext(ctx, "INSERT INTO "+quote(info.ID)+" ("+strings.Join(names, ", ")+") VALUES ("+strings.Join(marks, ", ")+")")
	if err != nil {
		return fmt.Errorf("gpkg: layer %s: %w", info.ID, err)
	}
	w.layer = l
	return nil
}

// Write adds f to the current layer.
func (w *Writer) Write(f *features.Feature) error {
	l := w.layer
	if l == nil {
		return errors.New("gpkg: Write before AddLayer")
	}
	args := make([]any, 0, len(l.columns)+1)
	g, err := f.Geom()
	if err != nil {
		return fmt.Errorf("gpkg: feature %s: %w", f.ID, err)
	}
	if g == nil {
		args = append(args, nil)
	} else {
		blob, err := geometryBlob(g)
		if err != nil {
			return fmt.Errorf("gpkg: feature %s: %w", f.ID, err)
		}
		args = append(args, blob)
		if b := g.Bound(); l.any {
			l.bounds = l.bounds.Union(b)
		} else {
			l.bounds, l.any = b, true
		}
	}
	args = append(args, f.ID)
	for _, c := range l.columns[1:] {
		v, _ := f.Prop(c.name)
		args = append(args, value(v))
	}
	if _, err := l.insert.Exec(args...); err != nil {
		return fmt.Errorf("gpkg: feature %s: %w", f.ID, err)
	}
	return nil
}

// finishLayer registers the current layer in gpkg_contents (with the
// bounds of what was written) and gpkg_geometry_columns.
func (w *Writer) finishLayer(ctx context.Context) error {
	l := w.layer
	if l == nil {
		return nil
	}
	w.layer = nil
	l.insert.Close()
	var minX, minY, maxX, maxY any
	if l.any {
		minX, minY, maxX, maxY = l.bounds.Min[0], l.bounds.Min[1], l.bounds.Max[0], l.bounds.Max[1]
	}
	if _, err := w.tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
		VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)`, l.info.ID, l.info.Title, l.info.Description,
		time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), minX, minY, maxX, maxY); err != nil {
		return fmt.Errorf("gpkg: contents of %s: %w", l.info.ID, err)
	}
	if _, err := w.tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'GEOMETRY', 4326, 0, 0)`, l.info.ID); err != nil {
		return fmt.Errorf("gpkg: geometry column of %s: %w", l.info.ID, err)
	}
	return nil
}

// Close finishes the last layer, commits and closes the file.
func (w *Writer) Close(ctx context.Context) error {
	err := w.finishLayer(ctx)
	if err == nil {
		err = w.tx.Commit()
	} else {
		_ = w.tx.Rollback()
	}
	if cerr := w.db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("gpkg: close: %w", cerr)
	}
	return err
}

// geometryBlob is g in GeoPackage binary: "GP", version 0, flags (little
// endian, an xy envelope), the SRS id 4326, the envelope, then
// little-endian WKB.
func geometryBlob(g orb.Geometry) ([]byte, error) {
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	b := g.Bound()
	out := make([]byte, 8, 8+32+len(body))
	copy(out, "GP")
	out[2] = 0        // version 1
	out[3] = 1<<1 | 1 // envelope [minx, maxx, miny, maxy]; little endian
	binary.LittleEndian.PutUint32(out[4:], 4326)
	for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
	}
	return append(out, body...), nil
}

// sqlType is the GeoPackage column type of a queryable's type.
func sqlType(t cql2.Type) string {
	switch t {
	case cql2.Integer:
		return "INTEGER"
	case cql2.Number:
		return "DOUBLE"
	case cql2.Boolean:
		return "BOOLEAN"
	case cql2.Timestamp:
		return "DATETIME"
	}
	return "TEXT"
}

// value is a property value as the column takes it: lists are joined with
// ";", as in the CSV export.
func value(v any) any {
	switch x := v.(type) {
	case []string:
		return strings.Join(x, ";")
	case bool:
		if x {
			return 1
		}
		return 0
	}
	return v
}

// quote quotes an SQL identifier.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
