package sources

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrNonPublicAddress is returned (wrapped) by a feed poll whose URL, or a
// redirect from it, resolves to an address that is not a public unicast
// one: loopback, private (RFC 1918, RFC 4193), link-local (where cloud
// metadata services answer), shared (RFC 6598), multicast or unspecified.
// A user who may register feeds could otherwise make the node fetch its
// own API, its database or the operator's internal services, and read the
// answer back as a source. Deps.AllowNonPublic lifts the rule (tests
// with loopback feeds; a centre whose feeds are on its own network).
var ErrNonPublicAddress = errors.New("sources: the feed's address is not a public one")

// sharedAddressSpace is RFC 6598's carrier-grade NAT range.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// publicAddress reports whether ip may be reached by a feed poll.
func publicAddress(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsGlobalUnicast() && !ip.IsPrivate() && !sharedAddressSpace.Contains(ip)
}

// refuseNonPublic is a net.Dialer Control: it runs on the address actually
// dialled, after name resolution, so a name that resolves (or is made to
// resolve, by DNS rebinding) to a non-public address is refused too.
func refuseNonPublic(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrNonPublicAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !publicAddress(ip) {
		return fmt.Errorf("%w: %s", ErrNonPublicAddress, host)
	}
	return nil
}

// feedClient returns the HTTP client of feed polls: timeout bounds a poll,
// and unless allowNonPublic every connection (redirects included) is
// refused to a non-public address. It goes to the feed directly, not
// through a proxy from the environment, so that the rule applies to the
// feed's address rather than the proxy's.
func feedClient(timeout time.Duration, allowNonPublic bool) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !allowNonPublic {
		d.Control = refuseNonPublic
	}
	t := &http.Transport{DialContext: d.DialContext, ForceAttemptHTTP2: true, MaxIdleConns: 16,
		IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: timeout}
	return &http.Client{Timeout: timeout, Transport: t}
}
