package config

import (
	"flag"
	"io"
	"testing"
	"time"
)

func TestAirspaceFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		ok   bool
		lat  float64
	}{
		{nil, nil, true, 35.0},
		{[]string{"--airspace-centre", "33.5, 36.3"}, nil, true, 33.5},
		{nil, map[string]string{"TRUCE_AIRSPACE_CENTRE": "36,37"}, true, 36},
		{[]string{"--airspace-centre", "95,0"}, nil, false, 0},
		{[]string{"--airspace-centre", "35"}, nil, false, 0},
		{[]string{"--separation-lateral-nm", "-1"}, nil, false, 0},
		{[]string{"--airspace-radius-km", "9000"}, nil, false, 0},
		{[]string{"--conflict-tick", "1ms"}, nil, false, 0},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		s := ServerFlags(fs)
		err := fs.Parse(c.args)
		if err == nil {
			err = ApplyEnv(fs, func(k string) string { return c.env[k] })
		}
		if err == nil {
			err = s.Airspace.Validate()
		}
		if (err == nil) != c.ok {
			t.Errorf("%v %v: err %v, want ok %v", c.args, c.env, err, c.ok)
			continue
		}
		if c.ok && (s.Airspace.CentreLat != c.lat || s.Airspace.Tick != time.Second || s.Airspace.LateralNM != 5) {
			t.Errorf("%v: %+v", c.args, s.Airspace)
		}
	}
}
