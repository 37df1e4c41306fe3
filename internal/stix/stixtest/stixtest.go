// Package stixtest validates STIX 2.1 bundles against the OASIS STIX 2.1
// JSON schemas (cti-stix2-json-schemas, draft 2020-12) kept in
// internal/stix/testdata/schemas with their licence. It is for tests only:
// it reads the schemas from the source tree and never from the network.
package stixtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaBase is the $id prefix of the OASIS schemas.
const schemaBase = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/"

// schemaOf names the schema file of each object type truce writes.
var schemaOf = map[string]string{
	"incident": "sdos/incident.json", "location": "sdos/location.json", "identity": "sdos/identity.json",
	"opinion": "sdos/opinion.json", "note": "sdos/note.json", "grouping": "sdos/grouping.json", "relationship": "sros/relationship.json",
	"marking-definition": "common/marking-definition.json", "extension-definition": "common/extension-definition.json",
}

var (
	once    sync.Once
	schemas map[string]*jsonschema.Schema
	loadErr error
)

// SchemaDir returns the directory of the copied schemas.
func SchemaDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "schemas")
}

func load() {
	dir := SchemaDir()
	c := jsonschema.NewCompiler()
	loadErr = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rel, _ := filepath.Rel(dir, path)
		return c.AddResource(schemaBase+filepath.ToSlash(rel), doc)
	})
	if loadErr != nil {
		return
	}
	schemas = map[string]*jsonschema.Schema{}
	for typ, file := range schemaOf {
		s, err := c.Compile(schemaBase + file)
		if err != nil {
			loadErr = fmt.Errorf("compile %s: %w", file, err)
			return
		}
		schemas[typ] = s
	}
}

// Object validates one STIX object against the OASIS schema of its type.
// It returns an error for a type truce does not write.
func Object(raw []byte) error {
	once.Do(load)
	if loadErr != nil {
		return fmt.Errorf("stixtest: load schemas: %w", loadErr)
	}
	var head struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return fmt.Errorf("stixtest: object: %w", err)
	}
	s, ok := schemas[head.Type]
	if !ok {
		return fmt.Errorf("stixtest: %s: no schema for type %q", head.ID, head.Type)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("stixtest: %s does not conform to %s: %w", head.ID, schemaOf[head.Type], err)
	}
	return nil
}

// Bundle validates a bundle: its envelope as the OASIS bundle schema
// requires (type "bundle", a bundle id, a non-empty objects array) and
// every object against its type's schema. It returns the objects' types
// counted, and every error found.
func Bundle(raw []byte) (map[string]int, []error) {
	var b struct {
		Type    string            `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, []error{fmt.Errorf("stixtest: bundle is not JSON: %w", err)}
	}
	var errs []error
	if b.Type != "bundle" || !strings.HasPrefix(b.ID, "bundle--") || len(b.Objects) == 0 {
		errs = append(errs, fmt.Errorf("stixtest: bad bundle envelope: type %q, id %q, %d objects", b.Type, b.ID, len(b.Objects)))
	}
	counts := map[string]int{}
	seen := map[string]bool{}
	for _, o := range b.Objects {
		var head struct {
			Type string `json:"type"`
			ID   string `json:"id"`
		}
		_ = json.Unmarshal(o, &head)
		counts[head.Type]++
		if seen[head.ID] {
			errs = append(errs, fmt.Errorf("stixtest: %s appears twice", head.ID))
		}
		seen[head.ID] = true
		if err := Object(o); err != nil {
			errs = append(errs, err)
		}
	}
	return counts, errs
}
