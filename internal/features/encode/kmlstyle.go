package encode

import (
	"fmt"
	"slices"

	"truce/internal/features"
)

// The KML styles give Google Earth the web map's look (the palettes of
// internal/web/static/js/map/layers): zones coloured by kind, solid when
// in force and faint when proposed or scheduled; incidents coloured by
// verification status, with an icon per category; sites, movements,
// alerts and flights in their layer's colour.

// zoneColours, statusColours and layerColours are the web map's colours
// (#rrggbb).
var (
	zoneColours = map[string]string{"ceasefire_area": "1f6feb", "humanitarian_corridor": "1a7f37", "restricted_airspace": "bf8700",
		"protected_area": "8250df", "demilitarized_zone": "cf222e"}
	statusColours = map[string]string{"reported": "d97706", "under_review": "2563eb", "confirmed": "a4161a", "disputed": "7c3aed",
		"unfounded": "6b7280"}
	layerColours = map[string]string{"sites": "0b7285", "movements": "e8590c", "alerts": "d00000", "flights": "1d4f7a"}
)

// googleShapes is the folder of Google Earth's built-in icons.
const googleShapes = "http://maps.google.com/mapfiles/kml/shapes/"

// categoryIcons gives each incident category one of Google Earth's icons.
var categoryIcons = map[string]string{
	"air_strike": "airports.png", "shelling_missile": "triangle.png", "armed_clash": "star.png",
	"ground_advance": "open-diamond.png", "sniper_fire": "donut.png", "explosion_ied": "caution.png",
	"attack_on_civilians": "man.png", "attack_on_protected_site": "hospitals.png",
	"obstruction_of_humanitarian_access": "forbidden.png", "unsafe_air_encounter": "polygon.png", "other": "placemark_circle.png",
}

// kmlColour returns #rrggbb with opacity alpha as KML's aabbggrr.
func kmlColour(rgb string, alpha byte) string {
	return fmt.Sprintf("%02x%s%s%s", alpha, rgb[4:6], rgb[2:4], rgb[0:2])
}

// kmlStyle is one shared Style of a document.
type kmlStyle struct {
	id, line, fill, icon, iconHref string
	width                          string
}

// kmlStyles returns the shared styles of a collection's documents, in a
// fixed order.
func kmlStyles(collection string) []kmlStyle {
	var out []kmlStyle
	switch collection {
	case "zones":
		for _, kind := range sortedKeys(zoneColours) {
			c := zoneColours[kind]
			out = append(out, kmlStyle{id: "zone-" + kind, line: kmlColour(c, 0xff), fill: kmlColour(c, 0x33), width: "2"},
				kmlStyle{id: "zone-" + kind + "-pending", line: kmlColour(c, 0x99), fill: kmlColour(c, 0x14), width: "1"})
		}
	case "incidents":
		for _, cat := range sortedKeys(categoryIcons) {
			for _, st := range sortedKeys(statusColours) {
				out = append(out, kmlStyle{id: "incident-" + cat + "-" + st, icon: kmlColour(statusColours[st], 0xff),
					iconHref: googleShapes + categoryIcons[cat]})
			}
		}
	default:
		if c, ok := layerColours[collection]; ok {
			out = append(out, kmlStyle{id: collection, line: kmlColour(c, 0xff), fill: kmlColour(c, 0x33), icon: kmlColour(c, 0xff),
				iconHref: googleShapes + "placemark_circle.png", width: "3"})
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// kmlStyleOf returns the id of the shared style of feature f of a
// collection, or "" when none fits (then Google Earth's default applies).
func kmlStyleOf(collection string, f *features.Feature) string {
	prop := func(name string) string {
		for _, p := range f.Props {
			if p.Name == name {
				if s, ok := p.Value.(string); ok {
					return s
				}
			}
		}
		return ""
	}
	switch collection {
	case "zones":
		kind := prop("kind")
		if _, ok := zoneColours[kind]; !ok {
			return ""
		}
		if prop("status") == "in_force" {
			return "zone-" + kind
		}
		return "zone-" + kind + "-pending"
	case "incidents":
		cat, st := prop("category"), prop("status")
		if _, ok := categoryIcons[cat]; !ok {
			return ""
		}
		if _, ok := statusColours[st]; !ok {
			return ""
		}
		return "incident-" + cat + "-" + st
	}
	if _, ok := layerColours[collection]; ok {
		return collection
	}
	return ""
}

// appendKMLStyles appends the Style elements of styles.
func appendKMLStyles(b []byte, styles []kmlStyle) []byte {
	for _, s := range styles {
		b = append(b, `<Style id="`+s.id+`">`...)
		if s.icon != "" {
			b = append(b, "<IconStyle><color>"+s.icon+"</color><Icon><href>"+s.iconHref+"</href></Icon></IconStyle>"...)
		}
		if s.line != "" {
			b = append(b, "<LineStyle><color>"+s.line+"</color><width>"+s.width+"</width></LineStyle>"...)
		}
		if s.fill != "" {
			b = append(b, "<PolyStyle><color>"+s.fill+"</color></PolyStyle>"...)
		}
		b = append(b, "</Style>\n"...)
	}
	return b
}
