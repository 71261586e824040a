package backup

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// The copy order puts referenced tables first, fills a table's references
// to itself last, and breaks a cycle at its nullable column, nowhere else;
// a cycle of required columns has no order.
func TestCopyOrder(t *testing.T) {
	col := func(name string, nullable bool) pgColumn { return pgColumn{name: name, nullable: nullable} }
	tables := func() []*pgTable {
		return []*pgTable{
			{name: "agenda_items", cols: []pgColumn{col("id", false), col("meeting_id", false)}, refs: map[string]string{"meeting_id": "meetings"}},
			{name: "meetings", cols: []pgColumn{col("id", false), col("body_id", false), col("current_item_id", true)},
				refs: map[string]string{"body_id": "bodies", "current_item_id": "agenda_items"}},
			{name: "bodies", cols: []pgColumn{col("id", false), col("org_id", false)}, refs: map[string]string{"org_id": "orgs"}},
			{name: "orgs", cols: []pgColumn{col("id", false), col("parent_id", true)}, refs: map[string]string{"parent_id": "orgs"}},
			// Waits on the cycle through a nullable column but is not on it.
			{name: "documents", cols: []pgColumn{col("id", false), col("meeting_id", true)}, refs: map[string]string{"meeting_id": "meetings"}},
		}
	}
	order, err := copyOrder(tables())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range order {
		got = append(got, fmt.Sprintf("%s%v", x.name, x.deferred))
	}
	want := []string{"orgs[parent_id]", "bodies[]", "meetings[current_item_id]", "agenda_items[]", "documents[]"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	ts := tables()
	ts[1].cols[2].nullable = false
	if _, err := copyOrder(ts); err == nil {
		t.Error("a cycle of required columns was ordered")
	}
}

// Values from SQLite become what each PostgreSQL column takes.
func TestConvert(t *testing.T) {
	at := time.Date(2026, 3, 10, 9, 30, 1, 123456789, time.UTC)
	day := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in   any
		typ  string
		want any
	}{
		{int64(1), "boolean", true},
		{int64(0), "boolean", false},
		{"2026-03-10", "date", day},
		{"2026-03-10 00:00:00+00:00", "date", day},
		{at, "timestamp with time zone", at},
		{"2026-03-10 16:30:01.123456789+07:00", "timestamp with time zone", at},
		{"2026-03-10T09:30:01.123456789Z", "timestamp with time zone", at},
		{[]byte{0, 1, 255}, "bytea", []byte{0, 1, 255}},
		{"ab", "bytea", []byte("ab")},
		{[]byte("chữ"), "text", "chữ"},
		{int64(7), "bigint", int64(7)},
		{"7", "integer", int64(7)},
		{1.5, "double precision", 1.5},
		{nil, "date", nil},
	} {
		got, err := convert(c.in, c.typ)
		if err != nil {
			t.Errorf("%v → %s: %v", c.in, c.typ, err)
			continue
		}
		if tm, ok := got.(time.Time); ok {
			if w, _ := c.want.(time.Time); !tm.Equal(w) {
				t.Errorf("%v → %s: %v, want %v", c.in, c.typ, got, c.want)
			}
			continue
		}
		if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", c.want) {
			t.Errorf("%v → %s: %#v, want %#v", c.in, c.typ, got, c.want)
		}
	}
	for _, c := range []struct {
		in  any
		typ string
	}{{"mười", "bigint"}, {"hôm qua", "date"}, {"lúc nãy", "timestamp with time zone"}, {int64(1), "bytea"}} {
		if _, err := convert(c.in, c.typ); err == nil {
			t.Errorf("%v → %s converted", c.in, c.typ)
		}
	}
}
