// Package e2e runs a federation of real truce processes on loopback: three
// party nodes founded with the CLI, each behind a fault-injecting TCP
// proxy in front of its federation listener. It holds tests only.
package e2e
