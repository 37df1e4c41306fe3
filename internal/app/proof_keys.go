package app

// bundleWitnesses returns the cosignature verifier keys of the witnesses
// of a's log and the cosignatures its checkpoints need, as proof bundles
// state them: the configured --witness keys with --quorum (all of them when
// it is out of range, as the checkpointer reads it) and, on a federated
// node, every peer's witness key of the roster in force with its quorum
// added. A verifier may pin its own keys and quorum instead.
func (a *App) bundleWitnesses() ([]string, int) {
	keys := []string{}
	for _, w := range a.Config.Witnesses {
		keys = append(keys, w.Key)
	}
	quorum := a.Config.Quorum
	if quorum < 0 || quorum > len(keys) {
		quorum = len(keys)
	}
	if a.Federation != nil {
		r := a.Federation.Roster()
		for _, m := range a.Federation.peersOf(r) {
			keys = append(keys, m.WitnessKey)
		}
		quorum += r.Quorum
	}
	return keys, quorum
}
