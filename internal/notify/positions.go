package notify

// Position is one reported position of a movement under way: where its
// notifier says the movement was at Time. Positions are released only to
// the movement's notifier and the parties it notified (PositionRelease).
type Position struct {
	// Movement is the movement's id.
	Movement string `json:"movement"`
	// Time is when the position was taken (RFC 3339), within the
	// movement's window.
	Time string  `json:"time"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
	// Seq is the log entry that reported the position.
	Seq int64 `json:"seq"`
}
