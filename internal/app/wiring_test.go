package app

import (
	"reflect"
	"testing"

	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/api"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/membership"
	"truce/internal/notify"
	"truce/internal/stream"
	"truce/internal/zones"
)

// TestServicesExposeNoDependencyFields checks that no service, nor the API
// server, lets its dependencies be assigned after it is built: each keeps
// them in unexported fields set by its constructor.
func TestServicesExposeNoDependencyFields(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[api.Server](), reflect.TypeFor[accounts.Service](), reflect.TypeFor[membership.Service](),
		reflect.TypeFor[zones.Service](), reflect.TypeFor[incidents.Service](), reflect.TypeFor[notify.Service](),
		reflect.TypeFor[alerts.Service](), reflect.TypeFor[hotline.Service](), reflect.TypeFor[flights.Service](),
		reflect.TypeFor[alerts.Monitor](), reflect.TypeFor[accounts.Auditor](), reflect.TypeFor[stream.Hub](),
		reflect.TypeFor[stream.Webhooks](), reflect.TypeFor[stream.Dispatcher](),
	} {
		for f := range typ.Fields() {
			if f.IsExported() {
				t.Errorf("%s has an exported field %s: its dependencies could change after it is built", typ, f.Name)
			}
		}
	}
}

// TestOpenSetsEveryService checks that Open builds every service of the
// node before it returns: no field of App is left for a caller to set.
func TestOpenSetsEveryService(t *testing.T) {
	n := newTestNode(t)
	v := reflect.ValueOf(n.app).Elem()
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		// The follower runs on PostgreSQL only; Hosted and the federation
		// are set on a party node with a roster only (hosted.go,
		// federation.go).
		if !sf.IsExported() || sf.Name == "Follower" || sf.Name == "Hosted" || sf.Name == "Federation" {
			continue
		}
		switch f.Kind() {
		case reflect.Pointer, reflect.Func, reflect.Interface, reflect.Map, reflect.Slice:
			if f.IsNil() {
				t.Errorf("App.%s is nil after Open", sf.Name)
			}
		}
	}
}
