package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"nghisu/internal/model"
	"nghisu/internal/oversight"
)

// The OpenAPI 3 document is built from the route table and the Go types the
// routes read and write, by reflection over their JSON tags, once.

var (
	docOnce sync.Once
	docJSON []byte
)

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	docOnce.Do(func() { docJSON, _ = json.MarshalIndent(s.Document(), "", "  ") })
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(docJSON)
}

// Document returns the OpenAPI document.
func (s *Server) Document() map[string]any {
	g := &schemaGen{defs: map[string]any{}}
	paths := map[string]map[string]any{}
	for _, rt := range s.routes {
		op := map[string]any{
			"summary":     rt.Summary,
			"tags":        []string{rt.Tag},
			"operationId": operationID(rt),
			"security":    []map[string][]string{{"bearer": {}}, {"session": {}}},
		}
		var params []map[string]any
		for _, seg := range strings.Split(rt.Path, "/") {
			if strings.HasPrefix(seg, "{") {
				name := strings.Trim(seg, "{}")
				schema := map[string]any{"type": "integer", "format": "int64"}
				switch name {
				case "format":
					schema = map[string]any{"type": "string", "enum": []string{"pdf", "docx"}}
				case "month":
					schema = map[string]any{"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}
				}
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": schema})
			}
		}
		for _, q := range rt.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description,
				"schema": map[string]any{"type": q.Type}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.In != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.In))}}}
		}
		status := rt.Status
		if status == 0 {
			status = http.StatusOK
		}
		media := "application/json"
		if rt.stream != nil {
			media = "text/event-stream"
		}
		responses := map[string]any{
			strconv.Itoa(status): map[string]any{"description": http.StatusText(status), "content": map[string]any{
				media: map[string]any{"schema": g.schema(reflect.TypeOf(rt.Out))}}},
			"401": errResponse("no or bad credentials"),
			"404": errResponse("not found, or not in the caller's scope"),
		}
		if rt.Method != "GET" {
			responses["403"] = errResponse("the caller may read but not change this")
			responses["409"] = errResponse("refused by the rules or by the current state; the message says why")
			responses["422"] = errResponse("invalid input; fields maps each bad field to its message")
		}
		op["responses"] = responses
		if paths["/api/v1"+rt.Path] == nil {
			paths["/api/v1"+rt.Path] = map[string]any{}
		}
		paths["/api/v1"+rt.Path][strings.ToLower(rt.Method)] = op
	}
	g.defs["Error"] = map[string]any{"type": "object", "properties": map[string]any{
		"error": map[string]any{"type": "object", "properties": map[string]any{
			"status":  map[string]any{"type": "integer"},
			"message": map[string]any{"type": "string", "description": "a sentence for the user, in the caller's language"},
			"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
		}}}}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "nghisu API", "version": "1",
			"description": "Organisations, bodies, people, memberships and posts of commune party committees. " +
				"Messages are Vietnamese unless the account's language is English."},
		"paths": paths,
		"components": map[string]any{
			"schemas": g.defs,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "a personal access token (nghisu user token NAME)"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "nghisu_session"},
			},
		},
	}
}

func errResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
}

func operationID(rt Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, seg := range strings.Split(rt.Path, "/") {
		if seg == "" {
			continue
		}
		if strings.HasPrefix(seg, "{") {
			b.WriteString("ById")
			continue
		}
		b.WriteString(strings.ToUpper(seg[:1]) + seg[1:])
	}
	return b.String()
}

type schemaGen struct{ defs map[string]any }

var (
	timeType = reflect.TypeOf(time.Time{})
	dateType = reflect.TypeOf(model.Date{})
)

// schema describes t, naming struct types in components.
func (g *schemaGen) schema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == dateType:
		return map[string]any{"type": "string", "format": "date", "example": "2026-01-09"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.schema(t.Elem())
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.String:
		s := map[string]any{"type": "string"}
		if enum := enumOf(t); enum != nil {
			s["enum"] = enum
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Struct:
		name := t.Name()
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = map[string]any{} // placeholder against recursion
			props := map[string]any{}
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				tag := f.Tag.Get("json")
				if tag == "-" || !f.IsExported() {
					continue
				}
				fname := strings.Split(tag, ",")[0]
				if fname == "" {
					fname = f.Name
				}
				props[fname] = g.schema(f.Type)
			}
			g.defs[name] = map[string]any{"type": "object", "properties": props}
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// enumOf lists the values of the model's string enums.
func enumOf(t reflect.Type) []string {
	var vals []string
	add := func(vs ...string) { vals = append(vals, vs...) }
	switch t {
	case reflect.TypeOf(model.OrgKind("")):
		for _, v := range model.OrgKinds {
			add(string(v))
		}
	case reflect.TypeOf(model.BodyKind("")):
		for _, v := range model.BodyKinds {
			add(string(v))
		}
	case reflect.TypeOf(model.MemberStatus("")):
		for _, v := range model.MemberStatuses {
			add(string(v))
		}
	case reflect.TypeOf(model.PostKind("")):
		for _, v := range append(append([]model.PostKind{}, model.PartyPostKinds...), model.OrgPostKinds...) {
			add(string(v))
		}
	case reflect.TypeOf(model.Role("")):
		for _, v := range model.Roles {
			add(string(v))
		}
	case reflect.TypeOf(model.Gender("")):
		add(string(model.GenderMale), string(model.GenderFemale))
	case reflect.TypeOf(oversight.Code("")):
		for _, in := range oversight.Indicators {
			add(string(in.Code))
		}
	case reflect.TypeOf(model.Unit("")):
		add(string(model.UnitWard), string(model.UnitCommune), string(model.UnitSpecial))
	}
	return vals
}
