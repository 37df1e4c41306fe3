package mirror

import (
	"context"
	"encoding/json"
	"fmt"
)

// maxGossipBytes limits a GET checkpoints response: a note per member.
const maxGossipBytes = 1 << 20

// gossipList is the body of the peer API's GET checkpoints.
type gossipList struct {
	Checkpoints []string `json:"checkpoints"`
}

// Gossip implements GossipSource: the peer API's GET checkpoints.
func (s *HTTPSource) Gossip(ctx context.Context) ([][]byte, error) {
	body, err := s.get(ctx, "checkpoints", maxGossipBytes)
	if err != nil {
		return nil, err
	}
	var g gossipList
	if err := json.Unmarshal(body, &g); err != nil {
		return nil, fmt.Errorf("mirror: gossip response: %w", err)
	}
	out := make([][]byte, len(g.Checkpoints))
	for i, n := range g.Checkpoints {
		out[i] = []byte(n)
	}
	return out, nil
}
