package peertls

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"truce/internal/fault"
	"truce/internal/federation/roster"
)

// Current returns the roster in force, or nil if none is installed. It is
// called for every new connection (and by PeerMember for every request),
// so a node that installs a new roster value changes whom it talks to
// without a restart. It MUST be safe for concurrent use and MUST NOT
// return a roster that is modified afterwards.
type Current func() *roster.Roster

// Own returns the node's TLS identity in use. It is called for every
// handshake, so a node that switches to a rotated certificate presents it
// on its next connections without a restart. It MUST be safe for
// concurrent use.
type Own func() *Identity

// Static returns an Own that always returns id.
func Static(id *Identity) Own { return func() *Identity { return id } }

// ErrNotMember is returned (wrapped) when a peer's certificate pin is not
// the expected roster member's.
var ErrNotMember = errors.New("peer certificate is not a roster member's")

// ServerConfig returns the TLS configuration of a node's federation
// listener: TLS 1.3 only, the node's identity as its certificate, and a
// client certificate required whose pin is a member's in the roster current
// returns at the handshake, or an old pin grace still holds for its member
// (grace may be nil). Any other client is refused during the handshake (it
// never reaches a handler), and log gets a warning naming its address and
// pin. The certificate presented is own's at each handshake.
func ServerConfig(own Own, current Current, grace *Grace, log *slog.Logger) *tls.Config {
	base := &tls.Config{
		MinVersion: tls.VersionTLS13,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			c := own().Certificate()
			return &c, nil
		},
		ClientAuth: tls.RequireAnyClientCert,
	}
	cfg := base.Clone()
	cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		remote := "unknown"
		if hello.Conn != nil {
			remote = hello.Conn.RemoteAddr().String()
		}
		r := current()
		c := base.Clone()
		c.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				log.Warn("federation: refused a TLS client without a certificate", "remote", remote)
				return fmt.Errorf("peertls: no client certificate: %w", ErrNotMember)
			}
			pin := Pin(cs.PeerCertificates[0])
			if _, ok := grace.Member(r, pin); !ok {
				log.Warn("federation: refused a TLS client whose certificate pin is not a roster member's",
					"remote", remote, "pin", pin, "subject", cs.PeerCertificates[0].Subject.CommonName,
					"roster_installed", r != nil)
				return fmt.Errorf("peertls: client pin %s: %w", pin, ErrNotMember)
			}
			return nil
		}
		return c, nil
	}
	return cfg
}

// ClientConfig returns the TLS configuration for calling member's node:
// TLS 1.3 only, the node's identity as its client certificate, and the
// server accepted only if its certificate's pin is member.TLSPin, or an old
// pin of member's that grace still holds (grace may be nil; seeing the new
// pin ends the old one's grace). No certificate authority is consulted and
// host names are not checked: the pin is the whole of the server's
// authentication. The client certificate is own's at each handshake.
func ClientConfig(own Own, member roster.Member, grace *Grace) *tls.Config {
	want := member.TLSPin
	party := member.Party
	return &tls.Config{
		MinVersion: tls.VersionTLS13,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			c := own().Certificate()
			return &c, nil
		},
		// The standard chain and name checks are replaced by the pin
		// check in VerifyConnection, which runs on every handshake,
		// resumed ones included.
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return fmt.Errorf("peertls: %s's node sent no certificate: %w", party, ErrNotMember)
			}
			got := Pin(cs.PeerCertificates[0])
			if want != "" && got == want {
				grace.seen(party, got)
				return nil
			}
			if want == "" || !grace.Accepts(party, got) {
				return fmt.Errorf("peertls: the server's pin %s is not %s's (%s): %w", got, party, want, ErrNotMember)
			}
			return nil
		},
	}
}

// PeerMember returns the member a request came from: the member of r (the
// roster in force now) whose pin the request's client certificate has. The
// handshake already required a member's certificate; looking it up again
// per request means a member removed from the roster since its connection
// opened is refused on its next request. It returns an error wrapping
// fault.ErrUnauthenticated for a request without a client certificate and
// fault.ErrForbidden for one whose certificate is not a member's (the API
// maps both to RFC 9457 problems).
func PeerMember(req *http.Request, r *roster.Roster) (roster.Member, error) {
	return (*Grace)(nil).PeerMember(req, r)
}

// PeerMember is the package's PeerMember that also accepts an old pin g
// holds, as its member's.
func (g *Grace) PeerMember(req *http.Request, r *roster.Roster) (roster.Member, error) {
	if req.TLS == nil || len(req.TLS.PeerCertificates) == 0 {
		return roster.Member{}, fmt.Errorf("peertls: federation requests need a member's TLS client certificate: %w", fault.ErrUnauthenticated)
	}
	pin := Pin(req.TLS.PeerCertificates[0])
	m, ok := g.Member(r, pin)
	if !ok {
		return roster.Member{}, fmt.Errorf("peertls: client pin %s: %w: %w", pin, ErrNotMember, fault.ErrForbidden)
	}
	return m, nil
}
