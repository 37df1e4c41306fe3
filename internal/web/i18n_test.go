package web

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var langs = []string{"en", "ru", "ar"}

func loadTable(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(Assets(), "static/i18n/"+lang+".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", lang, err)
	}
	return m
}

// TestTranslationsComplete fails if any language lacks a key another has,
// has an empty message, or drops or invents a {placeholder}.
func TestTranslationsComplete(t *testing.T) {
	tables := map[string]map[string]string{}
	all := map[string]bool{}
	for _, l := range langs {
		tables[l] = loadTable(t, l)
		for k := range tables[l] {
			all[k] = true
		}
	}
	ph := regexp.MustCompile(`\{\w+\}`)
	for k := range all {
		want := ph.FindAllString(tables["en"][k], -1)
		slices.Sort(want)
		for _, l := range langs {
			msg, ok := tables[l][k]
			if !ok {
				t.Errorf("%s.json: missing key %q", l, k)
				continue
			}
			if strings.TrimSpace(msg) == "" {
				t.Errorf("%s.json: key %q is empty", l, k)
			}
			got := ph.FindAllString(msg, -1)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s.json: key %q has placeholders %v, English has %v", l, k, got, want)
			}
		}
	}
}

// TestTranslationKeysUsed fails if the code or the page uses a key that
// the tables lack: literal t('key') calls, data-i18n attributes, and the
// key/title/label fields of navigation items and map layers. Keys built at
// run time (role.${role}) are listed in dynamicKeys.
func TestTranslationKeysUsed(t *testing.T) {
	en := loadTable(t, "en")
	used := map[string]string{} // key → file
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`(?:^|[^\w.$])t\('([a-z][a-z0-9_.]*)'`),
		regexp.MustCompile(`\b(?:key|title|label): '([a-z][a-z0-9_.]*)'`),
		regexp.MustCompile(`data-i18n(?:-[a-z-]+)?="([^"]+)"`),
	}
	err := fs.WalkDir(Assets(), "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".html")) {
			return err
		}
		b, err := fs.ReadFile(Assets(), p)
		if err != nil {
			return err
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in use: the patterns are broken", len(used))
	}
	for _, k := range dynamicKeys() {
		used[k] = "(dynamic)"
	}
	for k, file := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%s uses key %q, missing from the tables", file, k)
		}
	}
}

// dynamicKeys are the keys the code builds from values.
func dynamicKeys() []string {
	var ks []string
	add := func(prefix string, suffixes ...string) {
		for _, s := range suffixes {
			ks = append(ks, prefix+s)
		}
	}
	roles := []string{"observer", "reporter", "analyst", "liaison", "admin"}
	add("role.", roles...)
	for _, r := range roles {
		ks = append(ks, "role."+r+".desc")
	}
	add("party.kind.", "military", "un", "agency", "other")
	add("me.via.", "session", "token")
	screens := []string{"queues", "incidents", "zones", "notifications", "alerts", "hotline", "airspace", "dashboard"}
	add("nav.", screens...)
	add("placeholder.", screens...)
	add("public.", "zones", "incidents", "timeliness")
	add("queues.", "assess", "acks", "alerts", "messages")
	for _, m := range []string{"point", "line", "polygon"} {
		add("picker.", "help."+m, "has."+m)
	}
	add("admiralty.reliability.", "A", "B", "C", "D", "E", "F")
	add("admiralty.credibility.", "1", "2", "3", "4", "5", "6")
	add("report.group.", "civilian", "combatant", "unknown")
	add("report.time_precision.", "exact", "hour", "day", "week")
	add("report.location_precision.", "exact", "1km", "5km", "town", "district", "governorate")
	add("notice.type.", "site", "movement")
	add("notice.status.", "active", "cancelled")
	add("ack.", "pending", "acknowledged", "withdrawn")
	add("case.status.", "open", "closed")
	add("case.req.", "pending", "overdue", "answered", "answered_late", "withdrawn")
	add("case.measure.", "proposed", "in_progress", "done", "rejected")
	add("case.concern.", "site", "movement", "known_site")
	add("alert.severity.", "minor", "moderate", "severe", "extreme")
	add("alert.status.", "open", "acknowledged", "cleared")
	add("alert.kind.", "notified_site_affected", "movement_affected", "acknowledgement_overdue", "air_conflict", "air_advisory",
		"passage_hazard", "other", "store_integrity", "notification_feed_stale")
	add("hotline.priority.", "routine", "priority", "immediate", "flash")
	add("cargo.", "food", "medical", "shelter", "water_sanitation", "fuel", "personnel", "mixed", "other")
	add("zone.status.", "in_force", "proposed", "scheduled", "withdrawn", "expired")
	add("flight.conflict.", "conflict", "intrusion", "advisory")
	add("airspace.status.", "filed", "active", "completed", "cancelled", "open", "cleared")
	add("airspace.category.", "fixed_wing", "rotary_wing", "uav", "transport", "airdrop", "medevac", "other")
	add("airspace.source.", "plan", "track")
	add("verdict.", "confirmed", "rejected", "needs_information")
	add("verify.err.", "bad_base64", "proof_index", "proof_hash_length", "proof_too_long", "proof_too_short", "bad_key",
		"bad_note", "bad_signature", "unsigned", "bad_checkpoint", "origin_mismatch", "commitment_mismatch", "bad_entry",
		"seq_mismatch", "no_proof", "size_mismatch", "root_mismatch")
	add("verify.field.", "seq", "time", "party", "kind", "subject", "release", "version", "zone_kind", "name", "status",
		"category", "place", "location", "narrative", "perpetrator", "agreements")
	add("map.window.", "all", "day", "week", "month", "year")
	add("map.range.", "day", "week", "month", "extent", "next")
	add("fielderr.", "end_before_start", "at_most_year", "window_too_long", "window_past", "bad_time", "location_required",
		"place_unknown", "geometry", "parties_required", "own_party", "unknown_party", "cochair_excluded", "release_fixed",
		"reason_required", "waypoints_min", "password_short", "required", "too_long", "out_of_range", "not_allowed", "waypoint_order")
	add("alert.title.", "air_conflict", "air_intrusion", "air_advisory")
	add("alert.about.", "air_conflict", "air_intrusion", "air_advisory")
	add("alert.subject.", "plan_of", "reservation_of", "site_of", "movement_of")
	add("alert.subject.hidden.", "plan", "track", "reservation", "site", "movement")
	return ks
}

// TestVerifyErrorCodesTranslated ties the VerifyError codes thrown in
// verify.js to dynamicKeys, so a new code cannot go untranslated.
func TestVerifyErrorCodesTranslated(t *testing.T) {
	b, err := fs.ReadFile(Assets(), "static/js/verify.js")
	if err != nil {
		t.Fatal(err)
	}
	keys := dynamicKeys()
	for _, m := range regexp.MustCompile(`new VerifyError\('([a-z_]+)'`).FindAllStringSubmatch(string(b), -1) {
		if !slices.Contains(keys, "verify.err."+m[1]) {
			t.Errorf("verify.js throws code %q; add verify.err.%s to dynamicKeys and the tables", m[1], m[1])
		}
	}
}
