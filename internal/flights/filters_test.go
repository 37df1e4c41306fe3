package flights

import (
	"errors"
	"testing"

	"truce/internal/fault"
)

// TestFilterValidate: the flights domain, not the HTTP handler, decides
// which statuses and kinds a listing accepts.
func TestFilterValidate(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string // "" if valid
	}{
		{"plan any", PlanFilter{}.Validate(), ""},
		{"plan filed", PlanFilter{Status: StatusFiled}.Validate(), ""},
		{"plan cancelled", PlanFilter{Status: StatusCancelled}.Validate(), ""},
		{"plan bad", PlanFilter{Status: "open"}.Validate(), "status must be filed, active, completed or cancelled"},
		{"conflict any", ConflictFilter{}.Validate(), ""},
		{"conflict open intrusion", ConflictFilter{Kind: KindIntrusion, Status: ConflictOpen}.Validate(), ""},
		{"conflict bad kind", ConflictFilter{Kind: "near-miss", Status: "bad"}.Validate(), "kind must be conflict, intrusion or advisory"},
		{"conflict bad status", ConflictFilter{Status: StatusFiled}.Validate(), "status must be open or cleared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == "" {
				if tt.err != nil {
					t.Fatalf("Validate = %v, want nil", tt.err)
				}
				return
			}
			var bad *fault.BadRequestError
			if !errors.As(tt.err, &bad) || bad.Msg != tt.want {
				t.Fatalf("Validate = %v, want a bad request %q", tt.err, tt.want)
			}
		})
	}
}
