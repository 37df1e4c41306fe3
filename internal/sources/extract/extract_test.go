package extract

import (
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/incidents"
)

// pub is the publication time of the table tests: Thursday 12 March 2026.
var pub = time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)

func TestExtractErrors(t *testing.T) {
	x := extractor(t)
	tests := []struct {
		name string
		in   Input
		want error
	}{
		{"too large", Input{Text: strings.Repeat("a", MaxTextBytes+1), Published: pub}, ErrTooLarge},
		{"not UTF-8", Input{Text: "Air strikes hit \xff Idlib.", Published: pub}, ErrInvalid},
		{"empty", Input{Text: " \n ", Published: pub}, ErrInvalid},
		{"language not read", Input{Text: "Des frappes ont touché Idlib.", Lang: "fr", Published: pub}, ErrUnknownLanguage},
		{"language not detected", Input{Text: "Des frappes aériennes ont touché la ville de Idlib jeudi.", Published: pub}, ErrUnknownLanguage},
		{"no script", Input{Text: "12 34 !!", Published: pub}, ErrUnknownLanguage},
		{"no date and no dateline", Input{Text: "Air strikes hit Idlib on Thursday."}, ErrNoDate},
	}
	for _, tt := range tests {
		if _, err := x.Extract(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Russian jets struck the town of Saraqib on Thursday.", English},
		{"Российские самолеты нанесли удар по Идлибу.", Russian},
		{"شنت طائرات حربية غارات على إدلب.", Arabic},
		{"Les avions ont frappé la ville.", ""},
	}
	for _, tt := range tests {
		got, err := DetectLanguage(tt.text)
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("DetectLanguage(%q) = %q, %v; want %q", tt.text, got, err, tt.want)
		}
	}
}

// oneDraft extracts a one-sentence text published at pub and returns its
// only draft, failing unless there is exactly one.
func oneDraft(t *testing.T, lang, text string) Draft {
	t.Helper()
	res, err := extractor(t).Extract(Input{Text: text, Lang: lang, Published: pub})
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	if len(res.Drafts) != 1 {
		t.Fatalf("%q: %d drafts, want 1", text, len(res.Drafts))
	}
	return res.Drafts[0]
}

func TestTimeExpressions(t *testing.T) {
	tests := []struct {
		lang, text, start, end, precision string
	}{
		{"en", "Jets struck Saraqib on Tuesday.", "2026-03-10", "2026-03-11", TimeDay},
		{"en", "Jets struck Saraqib yesterday.", "2026-03-11", "2026-03-12", TimeDay},
		{"en", "Jets struck Saraqib on 3 March.", "2026-03-03", "2026-03-04", TimeDay},
		{"en", "Jets struck Saraqib on March 3.", "2026-03-03", "2026-03-04", TimeDay},
		{"en", "Jets struck Saraqib over the past three days.", "2026-03-10", "2026-03-13", TimeDays},
		{"en", "Jets struck Saraqib last week.", "2026-03-05", "2026-03-12", TimeWeek},
		{"en", "Jets struck Saraqib in recent weeks.", "2026-02-12", "2026-03-13", TimeMonth},
		{"en", "Jets struck Saraqib.", "2026-03-11", "2026-03-13", TimeDays},
		{"ru", "Самолеты нанесли авиаудар по Идлибу в четверг.", "2026-03-12", "2026-03-13", TimeDay},
		{"ru", "Вчера самолеты нанесли авиаудар по Идлибу.", "2026-03-11", "2026-03-12", TimeDay},
		{"ru", "Авиаудар по Идлибу нанесен 5 марта 2026 года.", "2026-03-05", "2026-03-06", TimeDay},
		{"ru", "За последние трое суток авиаудары по Идлибу не прекращались.", "2026-03-10", "2026-03-13", TimeDays},
		{"ru", "На прошлой неделе авиаудары поразили Идлиб.", "2026-03-05", "2026-03-12", TimeWeek},
		{"ar", "شنت طائرات غارات على إدلب يوم الثلاثاء.", "2026-03-10", "2026-03-11", TimeDay},
		{"ar", "شنت طائرات غارات على إدلب أمس.", "2026-03-11", "2026-03-12", TimeDay},
		{"ar", "شنت طائرات غارات على إدلب في 3 آذار/مارس.", "2026-03-03", "2026-03-04", TimeDay},
		{"ar", "شنت طائرات غارات على إدلب خلال الأسابيع الأخيرة.", "2026-02-12", "2026-03-13", TimeMonth},
	}
	for _, tt := range tests {
		d := oneDraft(t, tt.lang, tt.text)
		got := d.Time.Start.Format(time.DateOnly) + ".." + d.Time.End.Format(time.DateOnly)
		if want := tt.start + ".." + tt.end; got != want || d.Time.Precision != tt.precision {
			t.Errorf("%q: %s %s, want %s %s", tt.text, got, d.Time.Precision, want, tt.precision)
		}
	}
}

func TestPlacePhrases(t *testing.T) {
	tests := []struct {
		lang, text string
		placeID    int
		precision  string
		bearing    string
	}{
		{"en", "Jets struck Saraqib on Tuesday.", 164816, "town", ""},
		{"en", "Jets struck villages east of Saraqib on Tuesday.", 164816, PrecisionDirection, "e"},
		{"en", "Jets struck villages 10 km north-east of Saraqib on Tuesday.", 164816, PrecisionDirection, "ne"},
		{"en", "Jets struck targets near Saraqib on Tuesday.", 164816, PrecisionNear, ""},
		{"en", "Jets struck targets around Saraqib on Tuesday.", 164816, PrecisionNear, ""},
		{"en", "Jets struck the Idlib region on Tuesday.", 169387, "governorate", ""},
		{"en", "Jets struck towns in Idlib province on Tuesday.", 169387, "governorate", ""},
		{"ru", "Самолеты нанесли авиаудар к востоку от Манбиджа во вторник.", 167357, PrecisionDirection, "e"},
		{"ru", "Самолеты нанесли авиаудар под Манбиджем во вторник.", 167357, PrecisionNear, ""},
		{"ru", "Самолеты нанесли авиаудар в провинции Хама во вторник.", 170015, "governorate", ""},
		{"ru", "Самолеты нанесли авиаудар в Латакии во вторник.", 173576, "town", ""},
		{"ar", "شنت طائرات غارات شرق سراقب يوم الثلاثاء.", 164816, PrecisionDirection, "e"},
		{"ar", "شنت طائرات غارات قرب سراقب يوم الثلاثاء.", 164816, PrecisionNear, ""},
		{"ar", "شنت طائرات غارات في محافظة إدلب يوم الثلاثاء.", 169387, "governorate", ""},
		{"ar", "شنت طائرات غارات على ريف إدلب يوم الثلاثاء.", 169389, "district", ""},
		// Governorates without a town of their name, named in Arabic and
		// Russian (the gazetteer's governorate names, internal/gazetteer/gen).
		{"ru", "Самолеты нанесли авиаудар в провинции Риф-Дамаск во вторник.", 170652, "governorate", ""},
		{"ar", "شنت طائرات غارات في محافظة ريف دمشق يوم الثلاثاء.", 170652, "governorate", ""},
		{"ar", "شنت طائرات غارات على ريف إدلب الجنوبي يوم الثلاثاء.", 169389, PrecisionDirection, "s"},
	}
	for _, tt := range tests {
		d := oneDraft(t, tt.lang, tt.text)
		if len(d.Locations) != 1 {
			t.Errorf("%q: %d locations, want 1: %+v", tt.text, len(d.Locations), d.Locations)
			continue
		}
		l := d.Locations[0]
		if l.PlaceID != tt.placeID || l.Precision != tt.precision || l.Bearing != tt.bearing || l.RadiusKM <= 0 {
			t.Errorf("%q: place %d %s %q r=%.0f, want %d %s %q", tt.text, l.PlaceID, l.Precision, l.Bearing, l.RadiusKM, tt.placeID, tt.precision, tt.bearing)
		}
	}
	// Two places coordinated share the relation: "near the cities of X and Y".
	d := oneDraft(t, "en", "Drones struck a car near the cities of Al Bab and Tadif on Tuesday.")
	if len(d.Locations) != 2 || d.Locations[0].Precision != PrecisionNear || d.Locations[1].Precision != PrecisionNear {
		t.Errorf("coordinated places: %+v", d.Locations)
	}
}

func TestCountsCasualtiesActors(t *testing.T) {
	tests := []struct {
		lang, text string
		count      *Count
		casualty   *Casualty
		actor      string
	}{
		{"en", "Russian warplanes carried out more than 50 strikes on Saraqib on Tuesday.", &Count{Unit: "strike", Min: 51}, nil, "party:ru"},
		{"en", "Six bombers struck Saraqib on Tuesday, killing at least 12 civilians.", &Count{Unit: "aircraft", Min: 6, Max: 6}, &Casualty{Outcome: "killed", Group: "civilian", Min: 12}, "unknown"},
		{"en", "Government forces shelled Saraqib on Tuesday, wounding between 10 and 15 people.", nil, &Casualty{Outcome: "injured", Group: "unknown", Min: 10, Max: 15}, "group:government forces"},
		{"en", "The coalition struck Islamic State positions near Hajin on Tuesday.", nil, nil, "group:coalition"},
		{"ru", "Боевики ИГИЛ обстреляли Манбидж во вторник, погибли не менее 12 мирных жителей.", nil, &Casualty{Outcome: "killed", Group: "civilian", Min: 12}, "group:Islamic State"},
		{"ar", "قصفت القوات الحكومية سراقب يوم الثلاثاء ما أدى إلى مقتل أكثر من 20 مدنيا.", nil, &Casualty{Outcome: "killed", Group: "civilian", Min: 21}, "group:government forces"},
	}
	for _, tt := range tests {
		d := oneDraft(t, tt.lang, tt.text)
		if tt.count != nil && (len(d.Counts) != 1 || d.Counts[0].Unit != tt.count.Unit || d.Counts[0].Min != tt.count.Min || d.Counts[0].Max != tt.count.Max) {
			t.Errorf("%q: counts %+v, want %+v", tt.text, d.Counts, *tt.count)
		}
		if tt.casualty != nil {
			c := tt.casualty
			if len(d.Casualties) != 1 || d.Casualties[0].Outcome != c.Outcome || d.Casualties[0].Group != c.Group || d.Casualties[0].Min != c.Min || d.Casualties[0].Max != c.Max {
				t.Errorf("%q: casualties %+v, want %+v", tt.text, d.Casualties, *c)
			}
		}
		if len(d.Actors) != 1 || d.Actors[0].Perpetrator().Key() != tt.actor {
			t.Errorf("%q: actors %+v, want %s", tt.text, d.Actors, tt.actor)
		}
	}
}

// Distractors give no draft: denials, threats, past events, places only
// named, wounded taken to hospital.
func TestDistractors(t *testing.T) {
	for _, tt := range []struct{ lang, text string }{
		{"en", "The ministry denied that its aircraft had struck Saraqib on Tuesday."},
		{"en", "The army warned it would strike Saraqib."},
		{"en", "Last year, an air raid on Saraqib killed 40 people."},
		{"en", "On the anniversary of the 2018 attack on Douma, residents gathered."},
		{"en", "In 2019, shelling destroyed much of Khan Shaykhun."},
		{"en", "The wounded were taken to a hospital in Idlib."},
		{"en", "Families who fled to Azaz said food was short."},
		{"en", "No air strikes were reported in Saraqib on Tuesday."},
		{"ru", "Минобороны опровергло сообщения об авиаударах по Идлибу."},
		{"ru", "В прошлом году авиаудар по Идлибу унес жизни 40 человек."},
		{"ar", "ونفت وزارة الدفاع قصف سراقب يوم الثلاثاء."},
		{"ar", "وفي ذكرى قصف دوما عام 2018 تجمع السكان."},
	} {
		res, err := extractor(t).Extract(Input{Text: tt.text, Lang: tt.lang, Published: pub})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Drafts) != 0 {
			t.Errorf("%q: %d drafts, want none: %+v", tt.text, len(res.Drafts), res.Drafts[0])
		}
	}
}

// Categories map to truce's; a protected site hit takes precedence, and a
// hospital the wounded were taken to is not one.
func TestCategories(t *testing.T) {
	tests := []struct {
		lang, text string
		want       incidents.Category
	}{
		{"en", "Warplanes bombed a hospital in Saraqib on Tuesday.", incidents.CategoryAttackOnProtectedSite},
		{"en", "Shelling hit Saraqib on Tuesday and the wounded were taken to hospital.", incidents.CategoryShelling},
		{"en", "Armed men blocked an aid convoy near Saraqib on Tuesday.", incidents.CategoryObstructionOfAccess},
		{"en", "A car bomb exploded in Saraqib on Tuesday.", incidents.CategoryExplosion},
		{"en", "Government forces captured Saraqib on Tuesday.", incidents.CategoryGroundAdvance},
		{"ru", "Во вторник в Идлибе произошли столкновения.", incidents.CategoryArmedClash},
		{"ar", "منع مسلحون قافلة مساعدات من دخول سراقب يوم الثلاثاء.", incidents.CategoryObstructionOfAccess},
	}
	for _, tt := range tests {
		if d := oneDraft(t, tt.lang, tt.text); d.Category != tt.want {
			t.Errorf("%q: %s, want %s", tt.text, d.Category, tt.want)
		}
	}
}
