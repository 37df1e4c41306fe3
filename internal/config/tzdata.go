package config

// The time zone database is embedded so that --sitrep-tz resolves on a
// host (or container) without one.
import _ "time/tzdata"
