package cli

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newCA(t *testing.T, name string) *testCA {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue returns a PEM certificate and key signed by the CA.
func (ca *testCA) issue(t *testing.T, cn string, server bool) ([]byte, []byte) {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
	if server {
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})
}

// TestServeTLS13WithOptionalClientCertificates serves a node over TLS and
// checks TLS 1.3 only, HSTS, and that client certificates are verified
// when presented.
func TestServeTLS13WithOptionalClientCertificates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "node")
	env := map[string]string{"TRUCE_ADMIN_PASSWORD": "correct horse battery"}
	if code, _, errOut := run(t, env, "init", "--data", dir, "--origin", "tls.truce.invalid/node", "--party", "un", "--admin", "un-admin"); code != 0 {
		t.Fatal(errOut)
	}
	ca, peers, rogue := newCA(t, "server CA"), newCA(t, "peer CA"), newCA(t, "rogue CA")
	certPEM, keyPEM := ca.issue(t, "node", true)
	files := map[string][]byte{"cert.pem": certPEM, "key.pem": keyPEM, "peers.pem": peers.pem}
	for name, b := range files {
		os.WriteFile(filepath.Join(dir, name), b, 0o600)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		code, _, errOut := runCtx(ctx, nil, "serve", "--data", dir, "--addr", addr, "--tls-cert", filepath.Join(dir, "cert.pem"),
			"--tls-key", filepath.Join(dir, "key.pem"), "--client-ca", filepath.Join(dir, "peers.pem"), "--log-level", "error")
		if code != 0 {
			t.Errorf("serve: %s", errOut)
		}
		done <- code
	}()
	roots := x509.NewCertPool()
	roots.AddCert(ca.cert)
	client := func(cfg *tls.Config) *http.Client {
		cfg.RootCAs = roots
		return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}, Timeout: 5 * time.Second}
	}
	var resp *http.Response
	var err error
	for i := 0; i < 100; i++ {
		if resp, err = client(&tls.Config{}).Get("https://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("https: %v", err)
	}
	resp.Body.Close()
	if resp.TLS.Version != tls.VersionTLS13 || resp.Header.Get("Strict-Transport-Security") == "" {
		t.Fatalf("TLS version %x, HSTS %q", resp.TLS.Version, resp.Header.Get("Strict-Transport-Security"))
	}
	if _, err := client(&tls.Config{MaxVersion: tls.VersionTLS12}).Get("https://" + addr + "/healthz"); err == nil {
		t.Fatal("TLS 1.2 accepted")
	}
	peerCert, peerKey := peers.issue(t, "witness.ru", false)
	pc, _ := tls.X509KeyPair(peerCert, peerKey)
	if r, err := client(&tls.Config{Certificates: []tls.Certificate{pc}}).Get("https://" + addr + "/healthz"); err != nil {
		t.Fatalf("client certificate from the peer CA refused: %v", err)
	} else {
		r.Body.Close()
	}
	rogueCert, rogueKey := rogue.issue(t, "mallory", false)
	rc, _ := tls.X509KeyPair(rogueCert, rogueKey)
	// Present it even though the server asks for certificates of the peer CA.
	force := func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &rc, nil }
	if _, err := client(&tls.Config{GetClientCertificate: force}).Get("https://" + addr + "/healthz"); err == nil {
		t.Fatal("client certificate from an unknown CA accepted")
	}
	cancel()
	<-done
}
