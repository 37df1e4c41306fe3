// Package findings keeps the layers of a finding about an incident, so that
// the party accused cannot block a finding against itself.
//
// The layers, each a log entry under the incident's subject
// (incidents.Subject):
//   - allegations (finding.alleged) from a party, a monitor, an agency or
//     the public; an incident may gather several;
//   - the investigation by the monitoring cell: opened
//     (finding.investigation_opened), a field team tasked
//     (finding.team_tasked: who, where, when, the parties notified of the
//     patrol; restricted by default to the monitoring cell), what it saw
//     (finding.observed: observations, evidence files, what it could not
//     access and why, the parties that attended) and its report
//     (finding.report_written) naming the parties concerned and the
//     deadline of their right of reply (finding.replied);
//   - the finding of fact (finding.fact_established) by the monitoring
//     cell: what, where, when, confidence, evidence;
//   - attribution (finding.attributed): who is responsible, or disputed or
//     undetermined while the fact stands;
//   - positions (finding.position_stated): each party's stated position on
//     the finding and on the attribution. The co-chairs' verdicts written
//     by earlier versions (incident.assessed) read as positions.
//
// The monitoring cell is the member parties of kind "un". Only its entries
// make the investigation, the fact and the attribution: [Fold] ignores
// such entries from any other party, and no position changes them. The
// co-chairs' joint agreement is a label ([View.Agreement]) and never what
// establishes a fact. A withdrawn (retired) party's pending replies read
// "unanswered (withdrawn)" and nothing waits for it.
//
// The view is a deterministic function of the entries a caller may see
// and the clock (a reply deadline lapses at its time), computed by Fold.
package findings
