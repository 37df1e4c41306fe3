// Package cap renders alerts as OASIS Common Alerting Protocol 1.2 XML
// (http://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2-os.html), valid
// per the CAP 1.2 XML schema (a copy, with its notice, is in the
// repository's testdata/cap/; the tests validate every rendering against it
// with xmllint).
//
// Mapping: the alert's id under the node's origin is the CAP identifier; a
// CLEAR alert has scope Public, any other Restricted with the TLP label and
// audience as its restriction (CAP cannot enforce it: the API serves the
// document only to the alert's audience); severity maps one to one; the
// records that caused the alert are parameters; the area is a CAP circle.
package cap

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
)

// Namespace is the CAP 1.2 XML namespace.
const Namespace = "urn:oasis:names:tc:emergency:cap:1.2"

// ContentType is the media type of a CAP document.
const ContentType = "application/cap+xml"

type document struct {
	XMLName     xml.Name `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
	Identifier  string   `xml:"identifier"`
	Sender      string   `xml:"sender"`
	Sent        string   `xml:"sent"`
	Status      string   `xml:"status"`
	MsgType     string   `xml:"msgType"`
	Scope       string   `xml:"scope"`
	Restriction string   `xml:"restriction,omitempty"`
	Code        []string `xml:"code"`
	Note        string   `xml:"note,omitempty"`
	References  string   `xml:"references,omitempty"`
	Info        info     `xml:"info"`
}

type info struct {
	Language    string      `xml:"language"`
	Category    string      `xml:"category"`
	Event       string      `xml:"event"`
	Response    string      `xml:"responseType"`
	Urgency     string      `xml:"urgency"`
	Severity    string      `xml:"severity"`
	Certainty   string      `xml:"certainty"`
	Onset       string      `xml:"onset,omitempty"`
	Expires     string      `xml:"expires,omitempty"`
	SenderName  string      `xml:"senderName"`
	Headline    string      `xml:"headline"`
	Description string      `xml:"description,omitempty"`
	Instruction string      `xml:"instruction"`
	Web         string      `xml:"web,omitempty"`
	Parameters  []parameter `xml:"parameter"`
	Areas       []area      `xml:"area"`
}

type parameter struct {
	Name  string `xml:"valueName"`
	Value string `xml:"value"`
}

type area struct {
	Desc     string   `xml:"areaDesc"`
	Polygons []string `xml:"polygon"`
	Circles  []string `xml:"circle"`
}

// Options name the node in the document.
type Options struct {
	// Sender identifies the node (its log origin, e.g. "demo.truce.invalid/centre").
	Sender string
	// Web, if set, is the base URL of the node's API; the alert's URL is
	// Web + "/api/v1/alerts/" + id.
	Web string
}

// capTime formats t as CAP requires: seconds and a numeric zone offset.
func capTime(rfc string) (string, error) {
	t, err := time.Parse(time.RFC3339Nano, rfc)
	if err != nil {
		return "", err
	}
	return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05-07:00"), nil
}

// Encode returns a as a CAP 1.2 document. It fails only on an alert with
// malformed times.
func Encode(a *alerts.Alert, opts Options) ([]byte, error) {
	sent, err := capTime(a.Raised)
	if err != nil {
		return nil, fmt.Errorf("cap: alert %s: raised: %w", a.ID, err)
	}
	deadline, err := capTime(a.Deadline)
	if err != nil {
		return nil, fmt.Errorf("cap: alert %s: deadline: %w", a.ID, err)
	}
	sender := clean(opts.Sender)
	if sender == "" {
		sender = "truce"
	}
	d := document{
		Identifier: clean(sender + "/alerts/" + a.ID),
		Sender:     sender,
		Sent:       sent,
		Status:     "Actual",
		MsgType:    "Alert",
		Scope:      "Restricted",
		Code:       []string{"TLP:" + string(a.Release.TLP)},
		Note:       fmt.Sprintf("truce alert %s, kind %s, escalation level %d, status %s", a.ID, a.Kind, a.Level, a.Status),
	}
	if a.Level > 0 {
		d.MsgType = "Update"
	}
	if a.Release.TLP == access.TLPClear {
		d.Scope = "Public"
	} else {
		d.Restriction = fmt.Sprintf("TLP:%s; audience: %s", a.Release.TLP, strings.Join(a.Release.Audience, ", "))
	}
	in := info{
		Language: "en", Category: "Safety", Event: eventName(a.Kind), Response: "Monitor",
		Urgency: "Immediate", Severity: severity(a.Severity), Certainty: "Likely",
		SenderName: "truce joint monitoring and deconfliction centre", Headline: truncate(a.Title, 160),
		Description: a.Description,
		Instruction: fmt.Sprintf("Parties concerned (%s) acknowledge by %s.", strings.Join(a.Concerned, ", "), deadline),
	}
	if a.Kind == alerts.KindAckOverdue {
		in.Certainty, in.Urgency = "Observed", "Expected"
	}
	if opts.Web != "" {
		in.Web = strings.TrimRight(opts.Web, "/") + "/api/v1/alerts/" + a.ID
	}
	for _, l := range a.Links {
		in.Parameters = append(in.Parameters, parameter{Name: "truce:" + l.Type, Value: fmt.Sprintf("%s (log entry %d)", l.ID, l.Seq)})
	}
	if a.Area != nil {
		in.Areas = []area{{Desc: orDefault(a.Area.Description, "area of the alert"),
			Circles: []string{circle(a.Area.Lat, a.Area.Lon, a.Area.RadiusM)}}}
	}
	d.Info = in
	out, err := xml.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("cap: alert %s: %w", a.ID, err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// circle returns a CAP circle: the centre's latitude and longitude and
// the radius in kilometres.
func circle(lat, lon, radiusM float64) string {
	return fmt.Sprintf("%.6f,%.6f %.3f", lat, lon, radiusM/1000)
}

func eventName(k alerts.Kind) string {
	switch k {
	case alerts.KindSiteAffected:
		return "Notified protected site affected"
	case alerts.KindMovementAffected:
		return "Humanitarian movement affected"
	case alerts.KindAckOverdue:
		return "Notification acknowledgement overdue"
	case alerts.KindAirConflict:
		return "Air conflict"
	case alerts.KindAirAdvisory:
		return "Air advisory"
	case alerts.KindPassageHazard:
		return "Hazard on a safe passage"
	}
	return "Alert"
}

func severity(s alerts.Severity) string {
	switch s {
	case alerts.SeverityExtreme:
		return "Extreme"
	case alerts.SeveritySevere:
		return "Severe"
	case alerts.SeverityModerate:
		return "Moderate"
	case alerts.SeverityMinor:
		return "Minor"
	}
	return "Unknown"
}

// clean removes what CAP forbids in identifiers and senders: spaces,
// commas and the XML-restricted characters < and &.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == ',' || r == '<' || r == '&' || r < 0x20 {
			return '_'
		}
		return r
	}, s)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n]
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
