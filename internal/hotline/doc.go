// Package hotline is the liaison hotline: written, verifiable messages
// between parties — the form of the phone line that the 2015 air-safety
// memorandum relied on. A liaison sends a message to one party or to all
// co-chairs, with a priority, optional attachments (content-addressed by
// SHA-256, size-limited) and an acknowledgement deadline set by its
// priority. Each recipient party's first read (a read receipt) and its
// acknowledgement are log entries (message.sent, message.read,
// message.acknowledged), so that who was told what, and when they read and
// acknowledged it, can be proven from the log.
//
// A message is released to its sender and its recipients only (TLP AMBER by
// default; AMBER+STRICT or RED may be chosen; CLEAR and GREEN may not).
package hotline
