// Package config holds truce's configuration and reads it from command-line
// flags and TRUCE_* environment variables. Config values are passed down
// explicitly; nothing reads configuration from a global.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"strings"
	"time"
)

// Server configures a serving node.
type Server struct {
	// Data is the node's data directory: truce.db, node.key, evidence.
	Data string
	// DB, if set, is the database holding the log instead of truce.db in
	// Data: a postgres:// URL (PostgreSQL 15 or newer), or sqlite://PATH.
	DB string
	// Addr is the listen address, host:port.
	Addr string
	// TLSCert and TLSKey enable HTTPS (TLS 1.3 only).
	TLSCert, TLSKey string
	// ClientCA, if set, asks clients for certificates signed by it
	// (witnesses, peer nodes); requests without one are still served.
	ClientCA string
	// AllowHTTP allows plain HTTP on a non-loopback address.
	AllowHTTP bool
	// Witnesses are the witnesses checkpoints are pushed to.
	Witnesses []Witness
	// Quorum is how many witness cosignatures a checkpoint needs.
	Quorum int
	// CheckpointInterval is the most often checkpoints are signed.
	CheckpointInterval time.Duration
	// IntegrityInterval is how often the background integrity check walks
	// every entry and compares projections with a replay (0: only once,
	// after start).
	IntegrityInterval time.Duration
	// PublicLogBatch is how the public (no login) is shown the log: in
	// batches, as of the newest checkpoint signed before the time
	// truncated to it (0: live). Whole seconds.
	PublicLogBatch time.Duration
	// RateLimit is requests per second per token or address (0: off).
	RateLimit float64
	// MaxBody is the largest request body in bytes.
	MaxBody int64
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is text or json.
	LogFormat string
	// SiteAckDeadline is how long a notified party has to acknowledge a
	// protected site; MovementAckLead how long before its window a movement
	// must be acknowledged; DeadlineCheck how often overdue
	// acknowledgements are looked for and unacknowledged alerts escalated.
	SiteAckDeadline, MovementAckLead, DeadlineCheck time.Duration
	// CaseRequestDeadline is how long a party has to answer a case's
	// request for information (package cases).
	CaseRequestDeadline time.Duration
	// TileURL is an online XYZ tile server for the web UI's map (empty:
	// the offline basemap only); TileAttribution its credit line.
	TileURL, TileAttribution string
	// Basemap is a PMTiles or MBTiles file (one the operator holds) the node
	// serves as the map's offline basemap; empty: the embedded Natural
	// Earth map only.
	Basemap string
	// SitrepCutoff is the time of day ("HH:MM", default 06:00) at which
	// the daily situation report's period ends, in SitrepTimeZone (an IANA
	// zone name, default UTC), the centre's local time.
	SitrepCutoff, SitrepTimeZone string
	// SitrepDrafts makes the node issue each period's draft report (in
	// every language) once its cut-off has passed, and alert the
	// co-chairs to sign it off.
	SitrepDrafts bool
	// Airspace configures airspace deconfliction (airspace.go).
	Airspace Airspace
	// FederationAddr is the listen address of a party node's federation
	// listener (mutual TLS, the peer API); empty means 127.0.0.1 and the
	// port of the node's own first URL in the installed roster.
	FederationAddr string
	// FederationPoll is how often each mirror asks its peer for a new
	// checkpoint; 0 means the default (2s), which a Server built in code
	// (truce demo) gets without naming it.
	FederationPoll time.Duration
	// FederationMaxAge is how old the newest cosignature of a peer's
	// checkpoint may be before the node's mirror keeps it as stale
	// evidence; the node also has its own unchanged checkpoint cosigned
	// again every quarter of it, and serves its peers none older than
	// half of it. 0 means the default (one hour, with the checkpoints
	// cosigned again every 15 minutes). Every member of a federation
	// should use the same value.
	FederationMaxAge time.Duration
	// FederationCiteWait is how long a mirrored entry citing an entry its
	// cited origin has not yet published to this node waits for that
	// origin's mirror before the node refuses it and halts the mirror
	// with evidence. 0 means the default (mirror.DefaultCiteWait, 10m).
	FederationCiteWait time.Duration
	// TimelinessTolerance is how much later than its deadline a witness
	// may cosign a checkpoint holding an acknowledgement that is on time,
	// and how far an entry's time may stray from its witnesses' times
	// before its origin is named (package timeliness); 0 means the
	// default (5 minutes).
	TimelinessTolerance time.Duration
	// FeedsAllowNonPublic lets the node poll feeds on loopback, private
	// and link-local addresses; by default it refuses them, so that a user
	// who may register a feed cannot make the node fetch internal services.
	FeedsAllowNonPublic bool
	// FeedTimeout bounds one feed poll; FeedPolls is how many feeds are
	// polled at a time.
	FeedTimeout time.Duration
	FeedPolls   int
}

// Witness is a witness the node pushes checkpoints to.
type Witness struct {
	URL string
	// Key is the witness's cosignature verifier key.
	Key string
}

// Getenv is os.Getenv or a replacement in tests.
type Getenv func(string) string

// EnvName returns the environment variable for a flag: TRUCE_ and the flag
// name upper-cased with '-' as '_'.
func EnvName(flagName string) string {
	return "TRUCE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// ApplyEnv sets every flag of fs that was not given on the command line
// from its TRUCE_* environment variable, if set. Call it after fs.Parse.
func ApplyEnv(fs *flag.FlagSet, getenv Getenv) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		if v := getenv(EnvName(f.Name)); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", EnvName(f.Name), v, err))
			}
		}
	})
	return errors.Join(errs...)
}

// ServerFlags registers the flags of a serving node on fs, with defaults,
// and returns the Config they fill.
func ServerFlags(fs *flag.FlagSet) *Server {
	c := &Server{}
	fs.StringVar(&c.Data, "data", "truce-data", "data `directory` of the node (database, keys, evidence)")
	fs.StringVar(&c.DB, "db", "", "database `URL` holding the log: postgres://USER@HOST:PORT/DB (PostgreSQL 15+; several nodes may share it) or sqlite://PATH (default: truce.db in --data)")
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "listen `address` host:port")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "TLS certificate `file` (PEM); with --tls-key serves HTTPS, TLS 1.3 only")
	fs.StringVar(&c.TLSKey, "tls-key", "", "TLS private key `file` (PEM)")
	fs.StringVar(&c.ClientCA, "client-ca", "", "CA `file` (PEM) for optional client certificates of witnesses and peer nodes")
	fs.BoolVar(&c.AllowHTTP, "allow-http", false, "allow plain HTTP on a non-loopback address (behind a TLS-terminating proxy only)")
	fs.Func("witness", "witness `URL=KEY` to push checkpoints to (repeatable); KEY is its cosignature verifier key", func(s string) error {
		u, k, ok := strings.Cut(s, "=")
		if !ok || u == "" || k == "" {
			return errors.New("want URL=VERIFIERKEY")
		}
		c.Witnesses = append(c.Witnesses, Witness{URL: u, Key: k})
		return nil
	})
	fs.IntVar(&c.Quorum, "quorum", -1, "witness cosignatures a checkpoint needs before it is published (default: all configured witnesses)")
	fs.DurationVar(&c.CheckpointInterval, "checkpoint-interval", time.Second, "most often a checkpoint is signed")
	fs.DurationVar(&c.IntegrityInterval, "integrity-interval", time.Hour, "how often the store's integrity is checked in the background (every entry against its commitment and the tree, projections against a replay); it also runs once after start; 0: only then")
	fs.DurationVar(&c.PublicLogBatch, "public-log-batch", time.Hour, "the public (no login) sees the log in batches of this length, as of the last checkpoint signed before the batch began, so that the timing and count of entries within a batch tell it nothing (whole seconds; 0: live)")
	fs.Float64Var(&c.RateLimit, "rate-limit", 200, "requests per second per API token or client address (0 disables)")
	fs.Int64Var(&c.MaxBody, "max-body", 1<<20, "largest request body in `bytes`")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&c.LogFormat, "log-format", "text", "log format: text or json")
	fs.DurationVar(&c.SiteAckDeadline, "site-ack-deadline", 24*time.Hour, "time a notified party has to acknowledge a protected site")
	fs.DurationVar(&c.MovementAckLead, "movement-ack-lead", 72*time.Hour, "how long before its window a humanitarian movement must be acknowledged")
	fs.DurationVar(&c.CaseRequestDeadline, "case-request-deadline", 72*time.Hour, "time a party has to answer a case's request for information")
	fs.DurationVar(&c.DeadlineCheck, "deadline-check", 10*time.Second, "how often overdue acknowledgements are looked for and alerts escalated")
	fs.StringVar(&c.TileURL, "tile-url", "", "online XYZ tile server `URL` template for the map, e.g. https://tiles.example/{z}/{x}/{y}.png (default: the offline basemap only)")
	fs.StringVar(&c.TileAttribution, "tile-attribution", "", "credit line the tile server requires")
	fs.StringVar(&c.Basemap, "basemap", "", "PMTiles or MBTiles `file` (vector or raster tiles, e.g. an extract of the region) the node serves as the map's offline basemap (default: the embedded Natural Earth map)")
	fs.StringVar(&c.SitrepCutoff, "sitrep-cutoff", "06:00", "time of day (HH:MM, centre's local time) at which the daily situation report's period ends")
	fs.BoolVar(&c.SitrepDrafts, "sitrep-drafts", false, "issue each period's situation report at its cut-off and alert the co-chairs to sign it off")
	fs.StringVar(&c.SitrepTimeZone, "sitrep-tz", "UTC", "the centre's time zone for the situation report (IANA name, e.g. Asia/Damascus)")
	fs.StringVar(&c.FederationAddr, "federation-addr", "", "listen `address` host:port of a party node's federation listener (mutual TLS, roster members only); default: 127.0.0.1 and the port of this node's own URL in the installed roster")
	fs.DurationVar(&c.FederationPoll, "federation-poll", 2*time.Second, "how often each mirror asks its federation peer for a new checkpoint")
	fs.DurationVar(&c.FederationCiteWait, "federation-cite-wait", 0, "how long a peer's entry citing an entry this node does not hold yet waits for the mirror of the cited origin before it is refused and the peer named (0: 10m)")
	fs.DurationVar(&c.FederationMaxAge, "federation-max-age", 0, "oldest a federation peer's newest cosignature may be before its checkpoint is kept as stale evidence; this node has its own checkpoint cosigned again every quarter of it (0: 1h, cosigned again every 15m; every member should use the same value)")
	fs.DurationVar(&c.FeedTimeout, "feed-timeout", 30*time.Second, "how long one poll of an open-source feed may take, fetch and read; a slower feed is cut and the cut is recorded on the feed")
	fs.IntVar(&c.FeedPolls, "feed-polls", 4, "how many open-source feeds are polled at a time")
	fs.DurationVar(&c.TimelinessTolerance, "timeliness-tolerance", 5*time.Minute, "how much later than its deadline a witness may cosign a checkpoint holding an acknowledgement that is still on time, and how far an entry's time may stray from its witnesses' cosignature times before its node is named")
	fs.BoolVar(&c.FeedsAllowNonPublic, "feeds-allow-non-public", false, "let open-source feeds be polled on loopback, private and link-local addresses (refused by default: a user who may register a feed could otherwise make the node fetch internal services)")
	airspaceFlags(fs, &c.Airspace)
	return c
}

// Validate checks the configuration and fills derived defaults.
func (c *Server) Validate() error {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.Addr)
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") && !strings.HasPrefix(c.DB, "sqlite://") {
		return fmt.Errorf("--db %q: want postgres://USER@HOST:PORT/DB or sqlite://PATH", c.DB)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	if c.TLSCert == "" && !c.AllowHTTP && !isLoopback(host) {
		return fmt.Errorf("--addr %s is not a loopback address: serve HTTPS with --tls-cert and --tls-key, or pass --allow-http if a TLS proxy is in front", c.Addr)
	}
	if c.SitrepCutoff != "" {
		if t, err := time.Parse("15:04", c.SitrepCutoff); err != nil || t.Format("15:04") != c.SitrepCutoff {
			return fmt.Errorf("--sitrep-cutoff %q: want a time of day HH:MM, e.g. 06:00", c.SitrepCutoff)
		}
	}
	if c.SitrepTimeZone != "" {
		if _, err := time.LoadLocation(c.SitrepTimeZone); err != nil {
			return fmt.Errorf("--sitrep-tz %q: want an IANA time zone name, e.g. Asia/Damascus: %w", c.SitrepTimeZone, err)
		}
	}
	if c.Quorum < 0 {
		c.Quorum = len(c.Witnesses)
	}
	if c.Quorum > len(c.Witnesses) {
		return fmt.Errorf("--quorum %d is more than the %d configured witnesses", c.Quorum, len(c.Witnesses))
	}
	for name, d := range map[string]time.Duration{"--integrity-interval": c.IntegrityInterval, "--site-ack-deadline": c.SiteAckDeadline, "--movement-ack-lead": c.MovementAckLead, "--deadline-check": c.DeadlineCheck, "--case-request-deadline": c.CaseRequestDeadline} {
		if d < 0 {
			return fmt.Errorf("%s %s must not be negative", name, d)
		}
	}
	if c.FeedTimeout < 0 {
		return fmt.Errorf("--feed-timeout %s: want a positive duration, e.g. 30s", c.FeedTimeout)
	}
	if c.FeedPolls < 0 || c.FeedPolls > 64 {
		return fmt.Errorf("--feed-polls %d: want 1 to 64 feeds polled at a time", c.FeedPolls)
	}
	if c.PublicLogBatch < 0 || c.PublicLogBatch%time.Second != 0 {
		return fmt.Errorf("--public-log-batch %s: want whole seconds, 0 or more", c.PublicLogBatch)
	}
	if err := c.Airspace.Validate(); err != nil {
		return err
	}
	if c.FederationAddr != "" {
		if _, _, err := net.SplitHostPort(c.FederationAddr); err != nil {
			return fmt.Errorf("--federation-addr %q: want host:port, e.g. 0.0.0.0:9443", c.FederationAddr)
		}
	}
	if c.FederationPoll != 0 && c.FederationPoll < 10*time.Millisecond { // 0: the default (app)
		return errors.New("--federation-poll must be at least 10ms")
	}
	if c.TimelinessTolerance < 0 {
		return fmt.Errorf("--timeliness-tolerance %s: want 0 (the default, 5m) or more", c.TimelinessTolerance)
	}
	if c.FederationMaxAge != 0 && c.FederationMaxAge < 4*max(c.CheckpointInterval, time.Second) { // 0: the default (app)
		return fmt.Errorf("--federation-max-age %s: want at least four times --checkpoint-interval and at least 4s: the checkpoint is cosigned again every quarter of it", c.FederationMaxAge)
	}
	if c.CheckpointInterval < 10*time.Millisecond {
		return errors.New("--checkpoint-interval must be at least 10ms")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q: use debug, info, warn or error", c.LogLevel)
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format %q: use text or json", c.LogFormat)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
