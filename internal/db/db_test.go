package db

import (
	"io/fs"
	"testing"
)

// Every schema change lands in both dialects with the same version number.
func TestMigrationFoldersAgree(t *testing.T) {
	names := func(d Dialect) []string {
		n, err := fs.Glob(MigrationFS(d), "*.sql")
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	lite, pg := names(SQLite), names(Postgres)
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i] != pg[i] {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, lite[i], pg[i])
		}
	}
}

func TestRebind(t *testing.T) {
	pg := &DB{dialect: Postgres}
	cases := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"},
		{"SELECT '?' FROM t WHERE a = ?", "SELECT '?' FROM t WHERE a = $1"},
		{"UPDATE t SET a = ?, b = 'it''s?' WHERE c IN (?, ?)", "UPDATE t SET a = $1, b = 'it''s?' WHERE c IN ($2, $3)"},
	}
	for _, c := range cases {
		if got := pg.Rebind(c.in); got != c.want {
			t.Errorf("Rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	lite := &DB{dialect: SQLite}
	if got := lite.Rebind(cases[1].in); got != cases[1].in {
		t.Errorf("SQLite rebound %q", got)
	}
}
