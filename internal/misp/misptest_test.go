package misp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// published holds MISP's event schema and its attribute types, as PyMISP
// ships them (testdata/pymisp).
var published struct {
	once    sync.Once
	schema  *jsonschema.Schema
	types   map[string]bool
	mapping map[string]map[string]bool // category → types
	err     error
}

func loadPublished() {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "testdata", "pymisp")
	b, err := os.ReadFile(filepath.Join(dir, "schema.json"))
	if err != nil {
		published.err = err
		return
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		published.err = err
		return
	}
	mendRequired(doc)
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		published.err = err
		return
	}
	if published.schema, err = c.Compile("schema.json"); err != nil {
		published.err = err
		return
	}
	b, err = os.ReadFile(filepath.Join(dir, "describeTypes.json"))
	if err != nil {
		published.err = err
		return
	}
	var d struct {
		Result struct {
			Types    []string            `json:"types"`
			Mappings map[string][]string `json:"category_type_mappings"`
		} `json:"result"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		published.err = err
		return
	}
	published.types = map[string]bool{}
	for _, t := range d.Result.Types {
		published.types[t] = true
	}
	published.mapping = map[string]map[string]bool{}
	for c, ts := range d.Result.Mappings {
		published.mapping[c] = map[string]bool{}
		for _, t := range ts {
			published.mapping[c][t] = true
		}
	}
}

// validate checks an event document against MISP's published schema and
// each attribute's type and category against MISP's types.
func validate(doc []byte) error {
	published.once.Do(loadPublished)
	if published.err != nil {
		return fmt.Errorf("load MISP's format: %w", published.err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	if err := published.schema.Validate(v); err != nil {
		return err
	}
	var d struct {
		Event struct {
			Attribute []struct{ Type, Category string }
		}
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return err
	}
	for _, a := range d.Event.Attribute {
		if !published.types[a.Type] {
			return fmt.Errorf("attribute type %q is not a MISP type", a.Type)
		}
		if !published.mapping[a.Category][a.Type] {
			return fmt.Errorf("attribute type %q is not allowed in category %q", a.Type, a.Category)
		}
	}
	return nil
}

// mendRequired moves a "required" list written by mistake among a
// schema's "properties" (as schema.json's defs/sharing_group has it) up to
// the schema, where JSON Schema reads it: Python's jsonschema, which
// PyMISP uses, does not check a schema against its metaschema, but this
// compiler does and refuses the file as published.
func mendRequired(v any) {
	switch x := v.(type) {
	case map[string]any:
		if props, ok := x["properties"].(map[string]any); ok {
			if req, ok := props["required"].([]any); ok {
				delete(props, "required")
				x["required"] = req
			}
		}
		for _, c := range x {
			mendRequired(c)
		}
	case []any:
		for _, c := range x {
			mendRequired(c)
		}
	}
}
