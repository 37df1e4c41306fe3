package ledger

import "time"

// CheckpointObserver is told of a Checkpointer's work as it happens, for
// the node's metrics (package opsmetrics implements it). Its methods MUST
// NOT block: they are called while the checkpointer holds its lock.
type CheckpointObserver interface {
	// CheckpointPublished is called once a checkpoint of size entries is
	// published with cosignatures of the quorum needed.
	CheckpointPublished(size int64, cosignatures, quorum int)
	// CheckpointFailed is called when a checkpoint was not published (no
	// quorum, signing or saving failed); the previous one stays.
	CheckpointFailed()
	// WitnessAnswered is called for each witness push: how long the
	// witness took and its error (nil if it cosigned).
	WitnessAnswered(witness string, took time.Duration, err error)
	// QuorumChecked is called once every witness of a signing has
	// answered: how many cosigned, and how many had to.
	QuorumChecked(cosignatures, quorum int)
}

// BatchObserver is told of each batch a Sequencer commits, for the node's
// metrics. It MUST NOT block: it is called on the sequencer's goroutine.
type BatchObserver interface {
	// BatchCommitted is called after a batch's commit with the number of
	// entries it wrote, the time from its first statement to its commit's
	// return (took), the time of the commit alone (the database's durable
	// write: the fsync of SQLite, the WAL flush of PostgreSQL) and the
	// commit's error. A batch that wrote nothing is not reported.
	BatchCommitted(entries int, took, commit time.Duration, err error)
}

// nopObserver observes nothing.
type nopObserver struct{}

func (nopObserver) CheckpointPublished(int64, int, int)                     {}
func (nopObserver) QuorumChecked(int, int)                                  {}
func (nopObserver) CheckpointFailed()                                       {}
func (nopObserver) WitnessAnswered(string, time.Duration, error)            {}
func (nopObserver) BatchCommitted(int, time.Duration, time.Duration, error) {}
