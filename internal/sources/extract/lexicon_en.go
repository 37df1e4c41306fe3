package extract

import (
	"time"

	"truce/internal/incidents"
)

// Actors every language knows, by the id of the parties of the demo
// centre (us, ru) or a group name. A deployment's own parties come in
// through Options.Actors.
var (
	actorRU         = Actor{Kind: "party", Party: "ru"}
	actorUS         = Actor{Kind: "party", Party: "us"}
	actorTR         = Actor{Kind: "party", Party: "tr"}
	actorCoalition  = Actor{Kind: "group", Group: "coalition"}
	actorGovernment = Actor{Kind: "group", Group: "government forces"}
	actorHTS        = Actor{Kind: "group", Group: "Hayat Tahrir al-Sham"}
	actorIS         = Actor{Kind: "group", Group: "Islamic State"}
	actorSDF        = Actor{Kind: "group", Group: "Syrian Democratic Forces"}
	actorSNA        = Actor{Kind: "group", Group: "Syrian National Army"}
	actorIL         = Actor{Kind: "party", Party: "il"}
	actorUnknown    = Actor{Kind: "unknown"}
)

var english = &lexicon{
	capitalised: true,
	events: []eventWord{
		{p("air strike"), incidents.CategoryAirStrike}, {p("airstrike"), incidents.CategoryAirStrike},
		{p("air-strike"), incidents.CategoryAirStrike}, {p("air raid"), incidents.CategoryAirStrike},
		{p("bombed="), incidents.CategoryAirStrike}, {p("bombing"), incidents.CategoryAirStrike},
		{p("drones"), incidents.CategoryAirStrike}, {p("airstrikes"), incidents.CategoryAirStrike}, {p("warplane"), incidents.CategoryAirStrike},
		{p("drone strike"), incidents.CategoryAirStrike}, {p("barrel bomb"), incidents.CategoryAirStrike},
		{p("jets"), incidents.CategoryAirStrike}, {p("aircraft"), incidents.CategoryAirStrike},
		{p("strikes="), incidents.CategoryAirStrike}, {p("strike="), incidents.CategoryAirStrike}, {p("aircraft struck"), incidents.CategoryAirStrike},
		{p("aerial"), incidents.CategoryAirStrike},
		{p("shelling"), incidents.CategoryShelling}, {p("shelled"), incidents.CategoryShelling},
		{p("shells="), incidents.CategoryShelling}, {p("artillery"), incidents.CategoryShelling},
		{p("mortar"), incidents.CategoryShelling}, {p("rocket"), incidents.CategoryShelling},
		{p("missile"), incidents.CategoryShelling},
		{p("clash"), incidents.CategoryArmedClash}, {p("fighting"), incidents.CategoryArmedClash},
		{p("firefight"), incidents.CategoryArmedClash}, {p("gun battle"), incidents.CategoryArmedClash},
		{p("offensive"), incidents.CategoryGroundAdvance}, {p("advanced="), incidents.CategoryGroundAdvance},
		{p("captured"), incidents.CategoryGroundAdvance}, {p("seized"), incidents.CategoryGroundAdvance},
		{p("took control"), incidents.CategoryGroundAdvance}, {p("stormed"), incidents.CategoryGroundAdvance},
		{p("pushed into"), incidents.CategoryGroundAdvance},
		{p("car bomb"), incidents.CategoryExplosion}, {p("explosion"), incidents.CategoryExplosion},
		{p("blast"), incidents.CategoryExplosion}, {p("explosive device"), incidents.CategoryExplosion},
		{p("ied="), incidents.CategoryExplosion}, {p("ieds="), incidents.CategoryExplosion},
		{p("sniper"), incidents.CategorySniperFire},
		{p("opened fire on civilians"), incidents.CategoryAttackOnCivilians},
		{p("attacked civilians"), incidents.CategoryAttackOnCivilians},
		{p("massacre"), incidents.CategoryAttackOnCivilians}, {p("executed"), incidents.CategoryAttackOnCivilians},
		{p("unsafe intercept"), incidents.CategoryUnsafeAirEncounter},
	},
	weak: []eventWord{
		{p("struck"), incidents.CategoryAirStrike}, {p("attacked"), incidents.CategoryArmedClash},
	},
	protected: ps("hospital", "clinic", "school", "mosque", "church", "bakery", "medical facility", "medical centre", "medical center", "camp",
		"water station", "power station", "ambulance", "health centre", "health center"),
	medical:    ps("taken to", "rushed to", "treated", "transferred", "evacuated", "admitted"),
	aid:        ps("convoy", "aid", "humanitarian", "relief"),
	block:      ps("blocked", "turned back", "denied access", "denied passage", "denied entry", "prevented", "stopped", "obstruct", "barred", "held at", "refused"),
	denial:     ps("denied", "denies", "deny", "dismissed", "rejected", "refuted", "fabricated", "baseless", "false claims"),
	hypothet:   ps("would=", "will=", "threaten", "warned", "could=", "plans to", "vowed", "if="),
	negation:   ps("no=", "not=", "never", "without", "did not", "didn't"),
	background: ps("since=", "ever since"),
	actors: []actorWord{
		{p("russian"), actorRU}, {p("russia"), actorRU},
		{p("us-led coalition"), actorCoalition}, {p("u.s.-led coalition"), actorCoalition},
		{p("coalition"), actorCoalition},
		{p("american"), actorUS}, {p("u.s.="), actorUS}, {p("us= forces"), actorUS}, {p("us= aircraft"), actorUS},
		{p("turkish"), actorTR}, {p("turkey"), actorTR},
		{p("israeli"), actorIL}, {p("israel="), actorIL},
		{p("government forces"), actorGovernment}, {p("government troops"), actorGovernment},
		{p("regime forces"), actorGovernment}, {p("pro-government"), actorGovernment},
		{p("syrian army"), actorGovernment}, {p("government aircraft"), actorGovernment},
		{p("government artillery"), actorGovernment}, {p("syrian government"), actorGovernment},
		{p("syrian warplanes"), actorGovernment}, {p("syrian aircraft"), actorGovernment}, {p("syrian air force"), actorGovernment},
		{p("hayat tahrir al-sham"), actorHTS}, {p("hayat tahrir ash-sham"), actorHTS}, {p("hayat tahrir"), actorHTS}, {p("hts="), actorHTS},
		{p("islamic state"), actorIS}, {p("isis="), actorIS}, {p("isil="), actorIS}, {p("daesh"), actorIS},
		{p("syrian democratic forces"), actorSDF}, {p("sdf="), actorSDF},
		{p("syrian national army"), actorSNA}, {p("sna="), actorSNA},
		{p("unidentified"), actorUnknown}, {p("unknown"), actorUnknown}, {p("gunmen"), actorUnknown},
		{p("militants"), actorUnknown},
	},
	victimCue: ps("on=", "against", "targeting", "targeted", "positions of", "held by", "controlled by", "strongholds of",
		"members of", "members of the", "member of", "member of the", "fighters of", "fighters of the"),
	victimAfter: ps("positions", "targets", "hideouts", "strongholds", "bases", "depots", "headquarters"),
	speakerCue: ps("said", "says", "told", "reported", "stated", "announced", "claimed", "ministry",
		"spokesman", "spokesperson", "officials", "official", "media", "sources", "defence", "defense",
		"foreign", "statement", "according", "accused", "blamed", "embassy", "mission", "envoy", "denied"),
	near:          ps("near", "outside", "close to", "on the outskirts of", "outskirts of", "in the vicinity of", "around", "in the area of", "in the vicinity"),
	region:        ps("province of", "governorate of", "region of"),
	regionAfter:   ps("province", "governorate", "region"),
	district:      ps("countryside of", "rural", "district of", "countryside around"),
	districtAfter: ps("countryside", "district", "area", "plain", "plains", "outskirts"),
	away:          ps("to=", "from=", "toward", "towards", "fled", "in the direction of", "headed", "bound for"),
	filler:        ps("the=", "town of", "city of", "village of", "cities of", "towns of", "villages of"),
	direction: map[string][]phrase{
		"n": ps("north= of", "northern="), "s": ps("south= of", "southern="),
		"e": ps("east= of", "eastern="), "w": ps("west= of", "western="),
		"ne": ps("northeast= of", "north-east= of", "north-eastern=", "northeastern="),
		"nw": ps("northwest= of", "north-west= of", "north-western=", "northwestern="),
		"se": ps("southeast= of", "south-east= of", "south-eastern=", "southeastern="),
		"sw": ps("southwest= of", "south-west= of", "south-western=", "southwestern="),
	},
	km:  ps("km=", "kilometres", "kilometers", "miles"),
	and: ps("and=", "or="),
	months: map[string]time.Month{
		"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "april": 4, "apr": 4, "may": 5,
		"june": 6, "july": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
		"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	},
	weekdays: map[string]time.Weekday{
		"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
		"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
	},
	times: []timeWord{
		{p("yesterday"), tYesterday}, {p("today="), tToday}, {p("earlier today"), tToday},
		{p("this morning"), tToday}, {p("overnight"), tLastNight}, {p("last night"), tLastNight},
		{p("last week"), tLastWeek}, {p("past week"), tLastWeek}, {p("this week"), tThisWeek}, {p("earlier this week"), tThisWeek},
		{p("in recent weeks"), tRecentWeeks}, {p("recent weeks"), tRecentWeeks}, {p("past few weeks"), tRecentWeeks},
		{p("past weeks"), tRecentWeeks}, {p("last month"), tLastMonth},
		{p("last year"), tLastYear}, {p("anniversary"), tPastCue}, {p("years ago"), tPastCue}, {p("a year after"), tPastCue}, {p("a year ago"), tPastCue}, {p("year earlier"), tPastCue}, {p("years after"), tPastCue}, {p("commemorat"), tPastCue},
		{p("past # days"), tPastDays}, {p("last # days"), tPastDays}, {p("past # hours"), tPastHours}, {p("last # hours"), tPastHours},
		{p("past day"), tPastHours}, {p("a day earlier"), tDayBefore}, {p("the day before"), tDayBefore},
		{p("the previous day"), tDayBefore},
		{p("the same day"), tSameDay}, {p("that day"), tSameDay}, {p("past two days"), tPastDays},
	},
	numbers: map[string]int{
		"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200,
	},
	atLeast:    ps("at least", "no fewer than", "not less than"),
	moreThan:   ps("more than", "over=", "upwards of"),
	about:      ps("about", "around", "nearly", "almost", "some=", "approximately", "roughly"),
	upTo:       ps("up to"),
	between:    ps("between"),
	killed:     ps("kill", "dead", "died", "death", "lost their lives", "toll"),
	injured:    ps("wound", "injur", "hurt"),
	civilian:   ps("civilian", "children", "child", "women", "residents", "aid workers", "medics", "patients", "students", "worshippers", "family", "families"),
	combatant:  ps("fighters", "soldiers", "troops", "militants", "servicemen", "combatants", "militiamen", "gunmen"),
	personWord: ps("people", "persons", "others"),
	units: []unitWord{
		{p("strike"), "strike"}, {p("airstrike"), "strike"}, {p("air strike"), "strike"}, {p("raids"), "strike"},
		{p("sorties"), "strike"},
		{p("bombers"), "aircraft"}, {p("jets"), "aircraft"}, {p("warplanes"), "aircraft"}, {p("aircraft"), "aircraft"},
		{p("drones"), "aircraft"}, {p("helicopters"), "aircraft"},
		{p("rocket"), "rocket"}, {p("missile"), "rocket"},
		{p("shells="), "shell"}, {p("artillery shells"), "shell"}, {p("mortar"), "shell"},
		{p("trucks"), "vehicle"}, {p("vehicles"), "vehicle"}, {p("lorries"), "vehicle"},
	},
	stopPlaces: map[string]bool{
		"the": true, "on": true, "in": true, "at": true, "a": true, "an": true, "and": true, "but": true,
		"government": true, "state": true, "army": true, "russian": true, "syrian": true, "turkish": true,
		"islamic": true, "national": true, "democratic": true, "forces": true, "monday": true, "tuesday": true,
		"wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true, "march": true,
		"may": true, "un": true, "us": true, "it": true, "he": true, "she": true, "they": true, "its": true,
		"ministry": true, "defence": true, "red": true, "crescent": true, "wire": true, "news": true, "agency": true,
		"observatory": true, "human": true, "rights": true, "civil": true, "defense": true, "white": true, "helmets": true,
		"local": true, "coalition": true, "sources": true, "witnesses": true, "a.m": true, "p.m": true, "no": true,
		"medical": true, "hospital": true, "school": true, "tahrir": true, "hayat": true, "sham": true, "al": true, "al-sham": true, "ash-sham": true,
	},
}
