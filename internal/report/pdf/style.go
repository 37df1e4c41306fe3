package pdf

// mapStyle is how a map layer is drawn.
type mapStyle struct {
	colour [3]int
	// fill is the opacity of polygon fills (0: outline only).
	fill float64
	// mark is the symbol of points: circle, square or cross.
	mark markKind
}

// markKind is the symbol drawn at a point.
type markKind int

const (
	markCircle markKind = iota
	markSquare
	markCross
)

// styles are the map styles doc.MapLayer.Style names; an unknown style is drawn as neutral.
var styles = map[string]mapStyle{
	"zone":               {colour: [3]int{33, 102, 172}, fill: 0.15},
	"incident.confirmed": {colour: [3]int{215, 25, 28}, fill: 0.3},
	"incident.disputed":  {colour: [3]int{253, 141, 0}, fill: 0.3},
	"incident.unfounded": {colour: [3]int{128, 128, 128}, fill: 0.3},
	"incident.review":    {colour: [3]int{123, 50, 148}, fill: 0.3},
	"site":               {colour: [3]int{0, 136, 55}, fill: 0.25, mark: markSquare},
	"movement":           {colour: [3]int{0, 114, 178}, fill: 0.2},
	"coverage":           {colour: [3]int{53, 151, 143}, fill: 0.25},
	"coverage.denied":    {colour: [3]int{166, 97, 26}, fill: 0.35},
	"restriction":        {colour: [3]int{20, 20, 20}, fill: 0.2, mark: markCross},
}

// neutralStyle draws a layer whose style is unknown.
var neutralStyle = mapStyle{colour: [3]int{90, 90, 90}, fill: 0.2}

// styleOf returns the style a layer names, or the neutral one.
func styleOf(name string) mapStyle {
	if s, ok := styles[name]; ok {
		return s
	}
	return neutralStyle
}
