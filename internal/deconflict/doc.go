// Package deconflict is truce's airspace conflict-detection engine: pure,
// in-memory code with no storage, HTTP or log of its own.
//
// It is the written, automatic form of the 2015 US–Russia memorandum on
// air-safety deconfliction: aircraft of different parties operating in the
// same airspace must be kept apart. It holds trajectories, never missions:
// nothing here nominates, plans or assesses targets.
//
// The engine holds four kinds of object:
//
//   - Flight plans: 4D trajectories (latitude, longitude, altitude in feet,
//     time) with linear interpolation between waypoints.
//   - Tracks: live position reports, predicted along straight lines.
//   - Reservations: a polygon, an altitude band and a time window reserved
//     by one party; intrusions by other parties are reported.
//   - Advisories: flights low over notified protected sites, or near
//     humanitarian movements during their windows.
//
// A conflict is a loss of separation between aircraft of different parties:
// at the same instant the horizontal distance is below the lateral minimum
// AND the vertical distance is below the vertical minimum (defaults 5 NM and
// 1,000 ft). Separation exactly at a minimum is not a loss of separation;
// because positions pass through floating-point projection, a distance
// within [SeparationTolerance] of a minimum counts as at the minimum.
//
// All geometry is computed in a local metric projection around the region
// centre (see [Projection]): the ellipsoid is mapped conformally onto the
// Gauss sphere and the sphere onto the plane by an azimuthal equidistant
// projection. Within a 600 × 600 km region distances are accurate to better
// than 0.1 %. In that plane every aircraft moves linearly between waypoints,
// so over each common time slice the squared horizontal distance between two
// aircraft is a quadratic in time and the vertical distance a linear
// function: intervals of loss of separation are solved for analytically,
// not sampled.
//
// The [Engine] is incremental: AddPlan, UpdatePlan and RemovePlan re-check
// only what a grid over space and time slabs says can be affected, and
// return the conflicts added and removed. AllConflicts recomputes the whole
// set from scratch in parallel. Engine methods are safe for concurrent use.
//
// Benchmarks (bench_test.go, each beside its all-pairs oracle baseline)
// and their measured figures are in docs/benchmarks.md, section
// "Deconfliction".
package deconflict
