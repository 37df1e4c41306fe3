// Package monitoring keeps the monitors' freedom of movement: the patrols
// and flights the monitoring cell files, the restrictions of its movement
// (denial at a checkpoint, obstruction, threat, jamming) attributed to the
// party controlling the area, and the coverage map of where the monitors
// could and could not see in a period, so that "no violation reported" is
// never read as "no violation".
//
// A patrol is filed as a movement notification to the parties (package
// notify: notification is not permission, the parties acknowledge
// receipt) and as a monitoring.patrol_filed entry citing it, released
// like the notification. A restriction is a monitoring.restriction_recorded
// entry. The coverage map (Coverage) is a pure function of the patrols and
// restrictions a caller may see: a grid of cells of a given size in
// degrees, each cell "seen" when a patrol active in the period passed
// within its sight of the cell's centre and no restriction applying to
// that patrol covered the centre, "denied" when every such patrol was
// restricted there; cells no patrol reached are absent (not observed).
// The map is GeoJSON (RFC 7946).
package monitoring
