package peerurl

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestDo(t *testing.T) {
	down := errors.New("connection refused")
	cases := []struct {
		name     string
		up       []bool // which URLs answer, per call
		calls    int
		wantTry  [][]int // indexes tried per call
		wantLast int
		wantErr  bool
	}{
		{"first answers", []bool{true, true}, 2, [][]int{{0}, {0}}, 0, false},
		{"falls back and remembers", []bool{false, true, true}, 2, [][]int{{0, 1}, {1}}, 1, false},
		{"all down", []bool{false, false}, 1, [][]int{{0, 1}}, 0, true},
		{"third of three", []bool{false, false, true}, 2, [][]int{{0, 1, 2}, {2}}, 2, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := New(len(tc.up))
			if err != nil {
				t.Fatal(err)
			}
			for c := range tc.calls {
				var tried []int
				_, err := Do(context.Background(), f, func(i int) (int, error) {
					tried = append(tried, i)
					if !tc.up[i] {
						return 0, down
					}
					return i, nil
				})
				if (err != nil) != tc.wantErr {
					t.Fatalf("call %d: err %v, want error %v", c, err, tc.wantErr)
				}
				if !slices.Equal(tried, tc.wantTry[c]) {
					t.Errorf("call %d tried %v, want %v", c, tried, tc.wantTry[c])
				}
			}
			if f.Last() != tc.wantLast {
				t.Errorf("last good %d, want %d", f.Last(), tc.wantLast)
			}
		})
	}
}

func TestDoFinalStops(t *testing.T) {
	f, _ := New(3)
	var tried []int
	_, err := Do(context.Background(), f, func(i int) (struct{}, error) {
		tried = append(tried, i)
		return struct{}{}, Final(errors.New("refused by the peer"))
	})
	if !errors.Is(err, ErrFinal) || !slices.Equal(tried, []int{0}) {
		t.Fatalf("err %v, tried %v: a final answer must not be asked of another URL", err, tried)
	}
	if _, err := New(0); err == nil {
		t.Fatal("New(0) must fail")
	}
}
