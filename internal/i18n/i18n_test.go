package i18n

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nghisu/internal/model"
)

// Both catalogs have exactly the same keys.
func TestCatalogsHaveSameKeys(t *testing.T) {
	vi, en := Keys("vi"), Keys("en")
	if len(vi) == 0 {
		t.Fatal("empty catalog")
	}
	inVI := map[string]bool{}
	for _, k := range vi {
		inVI[k] = true
	}
	for _, k := range en {
		if !inVI[k] {
			t.Errorf("%q is in en but not in vi", k)
		}
		delete(inVI, k)
	}
	for k := range inVI {
		t.Errorf("%q is in vi but not in en", k)
	}
}

// Every key the code and templates use is in the catalogs, and a key's
// placeholders agree between the languages.
func TestUsedKeysExist(t *testing.T) {
	root := filepath.Join("..", "..")
	used := map[string]string{}
	goKey := regexp.MustCompile(`(?:Refuse|Deny|M|validation|\.Add|\.T|flash|page|Field|Msg|fileErr|rowErr)\([^()"]*?"([a-z_]+\.[a-z0-9_.]+)"`)
	tmplKey := regexp.MustCompile(`\.(?:T|Field "[a-z_]+") "([a-z_]+\.[a-z0-9_.]+)"`)
	assigned := regexp.MustCompile(`(?:title|key) :?= "([a-z]+\.[a-z0-9_.]+)"`)
	enumUse := regexp.MustCompile(`\.Enum "([a-z_]+)"`)
	families := map[string]bool{}
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, "testdata") {
			return err
		}
		if strings.HasSuffix(path, "_test.go") || !(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".html")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s := string(b)
		for _, re := range []*regexp.Regexp{goKey, tmplKey, assigned} {
			for _, m := range re.FindAllStringSubmatch(s, -1) {
				used[m[1]] = path
			}
		}
		for _, m := range enumUse.FindAllStringSubmatch(s, -1) {
			families[m[1]] = true
		}
		return nil
	})
	if len(used) < 100 {
		t.Fatalf("found only %d keys: is the scan broken?", len(used))
	}
	for k, where := range used {
		if !Has("vi", k) {
			t.Errorf("%s uses %q, which the catalog lacks", where, k)
		}
	}
	for f := range families {
		if len(Prefixed("vi", f+".")) == 0 {
			t.Errorf("enum family %q has no labels", f)
		}
	}
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	for _, k := range Keys("vi") {
		a := verb.FindAllString(T("vi", k), -1)
		b := verb.FindAllString(T("en", k), -1)
		if strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q: vi has %v, en has %v", k, a, b)
		}
	}
}

func TestFallback(t *testing.T) {
	if got := T("fr", "nav.home"); got != T("vi", "nav.home") {
		t.Errorf("unknown language: %q", got)
	}
	if got := T("vi", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
	if got := T("vi", "error.heading", 404); got != "Lỗi 404" {
		t.Errorf("args: %q", got)
	}
}

// Every value of every enum a page shows has a label.
func TestEnumLabels(t *testing.T) {
	var keys []string
	for _, v := range model.OrgKinds {
		keys = append(keys, "orgkind."+string(v))
	}
	for _, v := range model.BodyKinds {
		keys = append(keys, "bodykind."+string(v))
	}
	for _, v := range model.MemberStatuses {
		keys = append(keys, "status."+string(v))
	}
	for _, v := range append(append([]model.PostKind{}, model.PartyPostKinds...), model.OrgPostKinds...) {
		keys = append(keys, "postkind."+string(v))
	}
	for _, v := range model.Roles {
		keys = append(keys, "role."+string(v))
	}
	for _, v := range []model.Unit{model.UnitWard, model.UnitCommune, model.UnitSpecial} {
		keys = append(keys, "unit."+string(v))
	}
	keys = append(keys, "gender."+string(model.GenderMale), "gender."+string(model.GenderFemale))
	for _, k := range keys {
		if !Has("vi", k) || !Has("en", k) {
			t.Errorf("no label for %s", k)
		}
	}
}
