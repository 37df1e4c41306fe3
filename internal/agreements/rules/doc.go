// Package rules evaluates the obligations of a ceasefire agreement as
// checkable rules: pure code, no I/O, no clock.
//
// An obligation binds some parties to a rule tied to an agreed zone and a
// time: no weapons of listed classes inside zone Z from T; withdrawal out of
// zone Z (the forbidden side of a line) by T; no flights below F feet over
// zone Z; no fire within N km of protected sites. An Evaluator indexes the
// rules once and answers, for one event (an incident, a position report or
// a flight-plan waypoint, a monitor's observation), which rules it bears on
// and for which party. It never ranks, proposes or assesses targets: it
// only says whether a recorded event falls within a term the parties
// agreed to.
//
// Protected sites enter only the no-fire rule, and every Hit names the
// sites that made it: a caller MUST drop a hit for a viewer unless the
// viewer was notified of at least one of its sites, and MUST NOT show the
// others (see Hit.VisibleTo), so that compliance never discloses a site.
package rules
