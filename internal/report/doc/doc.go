// Package doc holds a report as a tree of blocks that renders alike to HTML and to PDF.
//
// A Document carries only what its audience may see: it is built after every releasability
// decision has been made, and renderers neither filter nor add records. Text is logical order
// Unicode (as typed); a renderer for a right-to-left language shapes and orders it for display.
// Every figure and row may name the log entries it was computed from (Ref), so a reader with the
// report and the node's key can check any line.
package doc

import "github.com/paulmach/orb"

// Document is one report in one language.
type Document struct {
	// Title is the report's title, e.g. "Daily situation report".
	Title string `json:"title"`
	// Subtitle is a line under the title, e.g. the period and cut-off.
	Subtitle string `json:"subtitle"`
	// Lang is the BCP 47 tag of the text: "en", "ru" or "ar".
	Lang string `json:"lang"`
	// RTL is true when the text runs right to left (Arabic).
	RTL bool `json:"rtl"`
	// Meta are label/value lines shown under the title: period, cut-off, audience, the
	// checkpoint the report was computed from.
	Meta []Field `json:"meta"`
	// Sections are the report's body in order.
	Sections []Section `json:"sections"`
	// Footer is a line on every page (PDF) or at the end (HTML), e.g. attribution of map data.
	Footer string `json:"footer"`
}

// Field is one label and its value.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// Section is a headed part of the report.
type Section struct {
	// ID is a stable anchor (letters, digits, '-'), the same in every language.
	ID      string  `json:"id"`
	Heading string  `json:"heading"`
	Blocks  []Block `json:"blocks"`
}

// Block is one of Paragraph, Figures, Table, BarChart or Map.
type Block interface{ isBlock() }

// Paragraph is running text.
type Paragraph struct {
	Text string `json:"text"`
}

// Figures are headline numbers, each with the previous period's value when there is one.
type Figures struct {
	Items []Figure `json:"items"`
}

// Figure is one headline number.
type Figure struct {
	Label string `json:"label"`
	Value int64  `json:"value"`
	// Previous is the value of the previous period; nil when not compared.
	Previous *int64 `json:"previous"`
	// Refs are the log entries the figure counts (may be empty when Value is 0).
	Refs []Ref `json:"refs"`
}

// Table is a grid of cells with a header row.
type Table struct {
	Caption string   `json:"caption"`
	Columns []string `json:"columns"`
	Rows    [][]Cell `json:"rows"`
}

// Cell is one table cell.
type Cell struct {
	Text string `json:"text"`
	// Numeric cells align to the end of the column.
	Numeric bool `json:"numeric"`
	// Link is a path on the node (e.g. "/incidents/inc_…"); empty for none.
	Link string `json:"link"`
	// Refs are the log entries the cell states.
	Refs []Ref `json:"refs"`
}

// BarChart is a chart of one or more series over the same labels (e.g. days).
type BarChart struct {
	Title  string   `json:"title"`
	Labels []string `json:"labels"`
	Series []Series `json:"series"`
}

// Series is one named row of values of a chart, in the order of its labels.
type Series struct {
	Name   string    `json:"name"`
	Values []float64 `json:"values"`
}

// Map is a vector map of the report's area.
type Map struct {
	Title string `json:"title"`
	// Bound is the area shown, in longitude/latitude (WGS 84).
	Bound orb.Bound `json:"bound"`
	// Basemap asks the renderer to draw the embedded country and admin-1 outlines beneath.
	Basemap bool       `json:"basemap"`
	Layers  []MapLayer `json:"layers"`
}

// MapLayer is a named set of features drawn in one style.
type MapLayer struct {
	Name string `json:"name"`
	// Style names how the layer is drawn: "zone", "incident.confirmed", "incident.disputed",
	// "incident.unfounded", "incident.review", "site", "movement", "coverage" (cells the monitors
	// saw), "coverage.denied" (cells they were denied), "restriction".
	// Renderers draw an unknown style in a neutral colour.
	Style    string       `json:"style"`
	Features []MapFeature `json:"features"`
}

// MapFeature is one geometry with an optional short label.
type MapFeature struct {
	Geometry orb.Geometry `json:"geometry"`
	Label    string       `json:"label"`
}

// Ref names one log entry: the origin of the log it is in and its index there.
type Ref struct {
	Origin string `json:"origin"`
	Index  uint64 `json:"index"`
}

func (Paragraph) isBlock() {}
func (Figures) isBlock()   {}
func (Table) isBlock()     {}
func (BarChart) isBlock()  {}
func (Map) isBlock()       {}
