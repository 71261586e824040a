// Package i18n holds the user-facing text in Vietnamese (the default) and
// English, embedded in the binary. Every string a user reads comes from here.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"nghisu/internal/model"
)

// Default is the language shown to anyone who has not chosen another.
const Default = "vi"

// Langs are the supported languages, default first.
var Langs = []string{"vi", "en"}

//go:embed catalog/*.json
var files embed.FS

var catalogs = map[string]map[string]string{}

func init() {
	for _, lang := range Langs {
		b, err := files.ReadFile("catalog/" + lang + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n: %s.json: %v", lang, err))
		}
		catalogs[lang] = m
	}
}

// Lang returns lang if supported, else the default.
func Lang(lang string) string {
	if _, ok := catalogs[lang]; ok {
		return lang
	}
	return Default
}

// T renders key in lang with fmt-style args; a missing key shows as itself
// (and fails the catalog tests).
func T(lang, key string, args ...any) string {
	s, ok := catalogs[Lang(lang)][key]
	if !ok {
		s, ok = catalogs[Default][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	// An argument that is itself a message (a state's name, say) is
	// rendered in the same language.
	copied := false
	for i, a := range args {
		if m, ok := a.(model.Msg); ok {
			if !copied {
				args, copied = append([]any(nil), args...), true
			}
			args[i] = T(lang, m.Key, m.Args...)
		}
	}
	return fmt.Sprintf(s, args...)
}

// Msg renders a model.Msg.
func Msg(lang string, m model.Msg) string { return T(lang, m.Key, m.Args...) }

// Has reports whether lang's catalog has key.
func Has(lang, key string) bool {
	_, ok := catalogs[lang][key]
	return ok
}

// Keys lists lang's keys, sorted.
func Keys(lang string) []string {
	var out []string
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Prefixed lists the keys of lang beginning with prefix.
func Prefixed(lang, prefix string) []string {
	var out []string
	for _, k := range Keys(lang) {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	return out
}
