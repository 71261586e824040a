package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/record"
	"nghisu/internal/store"
)

// Copied is the outcome of ToPostgres: the rows of each table on both
// sides, the minute books as PostgreSQL verifies them, and the numbering.
type Copied struct {
	Tables []CopiedTable
	Checks []record.Check
	// Gaps lists the document counters whose numbers on PostgreSQL are not
	// 1…last without a hole.
	Gaps []string
	// Took is the whole run; Schema, Copy and Verify its parts (migrating
	// PostgreSQL, the copying transaction, the checks).
	Took, Schema, Copy, Verify time.Duration
}

// CopiedTable is one table's count on each side.
type CopiedTable struct {
	Table          string
	Source, Target int64
}

// OK says whether the copy verified: equal counts, every book intact, no gap.
func (c *Copied) OK() bool {
	for _, t := range c.Tables {
		if t.Source != t.Target {
			return false
		}
	}
	for _, k := range c.Checks {
		if !k.OK() {
			return false
		}
	}
	return len(c.Gaps) == 0
}

// seeded are the tables a fresh migration fills (one settings row each):
// their rows are replaced by the source's.
var seeded = []string{"search_state"}

// pgColumn is a destination column.
type pgColumn struct {
	name     string
	typ      string // information_schema data_type
	nullable bool
	identity bool
}

type pgTable struct {
	name     string
	cols     []pgColumn // the columns written (generated ones left out)
	refs     map[string]string
	deferred []string // columns written after every table, to break cycles
}

// ToPostgres copies the SQLite database src into the PostgreSQL database dst,
// which must be empty (it is migrated first): every table in an order where
// a row's references come before it, in one transaction, keeping ids, then
// every identity sequence moved past the largest id. Reads come from one
// snapshot of src, so a server still running on it would lose what it writes
// afterwards: stop it first. Then the copy is verified (see Copied).
func ToPostgres(ctx context.Context, src, dst *db.DB, progress func(table string, rows int64)) (*Copied, error) {
	if src.Dialect() != db.SQLite || dst.Dialect() != db.Postgres {
		return nil, errors.New("migrate-to-postgres copies a SQLite database into a PostgreSQL one")
	}
	start := time.Now()
	sv, err := src.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := dst.Migrate(ctx); err != nil {
		return nil, err
	}
	dv, err := dst.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if sv != dv {
		return nil, fmt.Errorf("schema versions differ (SQLite %d, PostgreSQL %d): run nghisu migrate on the SQLite database first", sv, dv)
	}
	schema := time.Since(start)
	tables, err := pgTables(ctx, dst.W)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		if slices.Contains(seeded, t.name) {
			continue
		}
		var any bool
		if err := dst.W.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+quote(t.name)+")").Scan(&any); err != nil {
			return nil, err
		}
		if any {
			return nil, fmt.Errorf("the PostgreSQL database is not empty (table %s has rows): copy into a new, empty database", t.name)
		}
	}

	// One read transaction: every table from the same snapshot.
	rtx, err := src.R.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer rtx.Rollback()
	srcTables, err := sqliteTables(ctx, rtx)
	if err != nil {
		return nil, err
	}
	srcTables = slices.DeleteFunc(srcTables, func(t string) bool { return t == "goose_db_version" })
	var dstNames []string
	for _, t := range tables {
		dstNames = append(dstNames, t.name)
	}
	sort.Strings(dstNames)
	if !slices.Equal(srcTables, dstNames) {
		return nil, fmt.Errorf("the two schemas have different tables:\n  SQLite:     %v\n  PostgreSQL: %v", srcTables, dstNames)
	}
	for _, t := range tables {
		if err := sameColumns(ctx, rtx, t); err != nil {
			return nil, err
		}
	}
	order, err := copyOrder(tables)
	if err != nil {
		return nil, err
	}

	out := &Copied{Schema: schema}
	copyStart := time.Now()
	wtx, err := dst.W.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer wtx.Rollback()
	for _, t := range order {
		if slices.Contains(seeded, t.name) {
			if _, err := wtx.ExecContext(ctx, "DELETE FROM "+quote(t.name)); err != nil {
				return nil, err
			}
		}
		n, err := copyTable(ctx, rtx, wtx, t)
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", t.name, err)
		}
		if progress != nil {
			progress(t.name, n)
		}
	}
	for _, t := range order {
		if err := copyDeferred(ctx, rtx, wtx, t); err != nil {
			return nil, fmt.Errorf("copy %s: %w", t.name, err)
		}
	}
	for _, t := range order {
		for _, c := range t.cols {
			if !c.identity {
				continue
			}
			q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX(%s), 0) + 1, false) FROM %s",
				t.name, c.name, quote(c.name), quote(t.name))
			if _, err := wtx.ExecContext(ctx, q); err != nil {
				return nil, fmt.Errorf("sequence of %s.%s: %w", t.name, c.name, err)
			}
		}
	}
	if err := wtx.Commit(); err != nil {
		return nil, err
	}
	out.Copy = time.Since(copyStart)
	verifyStart := time.Now()

	// Verify: counts on both sides (the source from the same snapshot).
	for _, name := range dstNames {
		ct := CopiedTable{Table: name}
		if err := rtx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(name)).Scan(&ct.Source); err != nil {
			return nil, err
		}
		if err := dst.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quote(name)).Scan(&ct.Target); err != nil {
			return nil, err
		}
		out.Tables = append(out.Tables, ct)
	}
	if out.Checks, err = record.VerifyAll(ctx, store.New(dst, nil)); err != nil {
		return nil, fmt.Errorf("verify the minute books on PostgreSQL: %w", err)
	}
	if out.Gaps, err = NumberingGaps(ctx, dst.R); err != nil {
		return nil, err
	}
	out.Verify = time.Since(verifyStart)
	out.Took = time.Since(start)
	return out, nil
}

// NumberingGaps checks that each document counter's numbers are exactly
// 1…last in issued_documents, and that no issued document lacks a counter.
func NumberingGaps(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx, `
SELECT c.org_id, c.term_id, c.type, c.last, COUNT(d.id), COALESCE(MAX(d.number), 0), COALESCE(MIN(d.number), 0)
FROM doc_counters c LEFT JOIN issued_documents d ON d.org_id = c.org_id AND d.term_id = c.term_id AND d.type = c.type
GROUP BY c.org_id, c.term_id, c.type, c.last
UNION ALL
SELECT d.org_id, d.term_id, d.type, -1, COUNT(*), MAX(d.number), MIN(d.number)
FROM issued_documents d
WHERE NOT EXISTS (SELECT 1 FROM doc_counters c WHERE c.org_id = d.org_id AND c.term_id = d.term_id AND c.type = d.type)
GROUP BY d.org_id, d.term_id, d.type
ORDER BY 1, 2, 3`)
	if err != nil {
		return nil, fmt.Errorf("numbering: %w", err)
	}
	defer rows.Close()
	var gaps []string
	for rows.Next() {
		var org, term, last, n, hi, lo int64
		var typ string
		if err := rows.Scan(&org, &term, &typ, &last, &n, &hi, &lo); err != nil {
			return nil, err
		}
		switch {
		case last < 0:
			gaps = append(gaps, fmt.Sprintf("org %d term %d %s: %d documents without a counter", org, term, typ, n))
		case n != last || hi != last || (n > 0 && lo != 1):
			gaps = append(gaps, fmt.Sprintf("org %d term %d %s: counter at %d, %d documents numbered %d…%d", org, term, typ, last, n, lo, hi))
		}
	}
	return gaps, rows.Err()
}

// pgTables reads the destination's tables, columns and foreign keys.
func pgTables(ctx context.Context, q queryer) ([]*pgTable, error) {
	rows, err := q.QueryContext(ctx, `
SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES', c.is_identity = 'YES'
FROM information_schema.columns c JOIN information_schema.tables t
  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
  AND c.table_name <> 'goose_db_version' AND c.is_generated = 'NEVER'
ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	byName := map[string]*pgTable{}
	var out []*pgTable
	for rows.Next() {
		var tn string
		var c pgColumn
		if err := rows.Scan(&tn, &c.name, &c.typ, &c.nullable, &c.identity); err != nil {
			rows.Close()
			return nil, err
		}
		t := byName[tn]
		if t == nil {
			t = &pgTable{name: tn, refs: map[string]string{}}
			byName[tn] = t
			out = append(out, t)
		}
		t.cols = append(t.cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Single-column foreign keys (the schema has no others).
	rows, err = q.QueryContext(ctx, `
SELECT cl.relname, a.attname, rf.relname
FROM pg_constraint k
JOIN pg_class cl ON cl.oid = k.conrelid
JOIN pg_namespace ns ON ns.oid = cl.relnamespace
JOIN pg_class rf ON rf.oid = k.confrelid
JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
WHERE k.contype = 'f' AND ns.nspname = current_schema()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var tn, col, ref string
		if err := rows.Scan(&tn, &col, &ref); err != nil {
			return nil, err
		}
		if t := byName[tn]; t != nil {
			t.refs[col] = ref
		}
	}
	return out, rows.Err()
}

// copyOrder sorts the tables so that each comes after the tables it refers
// to. A table's references to itself, and the references that close a cycle
// (a meeting's current item is one of its agenda items), are deferred: the
// rows go in with those columns empty, which are filled once every table is
// in.
func copyOrder(tables []*pgTable) ([]*pgTable, error) {
	done := map[string]bool{}
	var order []*pgTable
	rest := slices.Clone(tables)
	sort.Slice(rest, func(i, j int) bool { return rest[i].name < rest[j].name })
	waits := func(t *pgTable) []string {
		var cols []string
		for col, ref := range t.refs {
			if !done[ref] {
				cols = append(cols, col)
			}
		}
		sort.Strings(cols)
		return cols
	}
	for len(rest) > 0 {
		pick := -1
		for i, t := range rest {
			ready := true
			for _, col := range waits(t) {
				if t.refs[col] != t.name {
					ready = false
				}
			}
			if ready {
				pick = i
				break
			}
		}
		if pick < 0 {
			// A cycle: break it at a table on one whose waiting columns may
			// be empty, the fewest of them.
			for i, t := range rest {
				ok := onCycle(t, rest)
				for _, col := range waits(t) {
					if !t.column(col).nullable {
						ok = false
					}
				}
				if ok && (pick < 0 || len(waits(t)) < len(waits(rest[pick]))) {
					pick = i
				}
			}
		}
		if pick < 0 {
			return nil, fmt.Errorf("no order of the tables satisfies their references: %v", names(rest))
		}
		t := rest[pick]
		t.deferred = waits(t)
		done[t.name] = true
		order = append(order, t)
		rest = slices.Delete(rest, pick, pick+1)
	}
	return order, nil
}

// onCycle says whether t's references among the tables not yet ordered
// lead back to t.
func onCycle(t *pgTable, rest []*pgTable) bool {
	byName := map[string]*pgTable{}
	for _, r := range rest {
		byName[r.name] = r
	}
	seen := map[string]bool{}
	var reaches func(from *pgTable) bool
	reaches = func(from *pgTable) bool {
		for _, ref := range from.refs {
			if ref == t.name {
				return true
			}
			if next := byName[ref]; next != nil && !seen[ref] {
				seen[ref] = true
				if reaches(next) {
					return true
				}
			}
		}
		return false
	}
	return reaches(t)
}

func names(ts []*pgTable) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.name)
	}
	return out
}

func (t *pgTable) column(name string) pgColumn {
	for _, c := range t.cols {
		if c.name == name {
			return c
		}
	}
	return pgColumn{}
}

// hasID says whether the table has an id column to order and address rows by.
func (t *pgTable) hasID() bool { return t.column("id").name == "id" }

// sameColumns checks that the SQLite table has exactly the columns written.
func sameColumns(ctx context.Context, q queryer, t *pgTable) error {
	rows, err := q.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", t.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	var have []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		have = append(have, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var want []string
	for _, c := range t.cols {
		want = append(want, c.name)
	}
	sort.Strings(have)
	sort.Strings(want)
	if !slices.Equal(have, want) {
		return fmt.Errorf("table %s has different columns:\n  SQLite:     %v\n  PostgreSQL: %v", t.name, have, want)
	}
	return nil
}

// batchRows bounds a multi-row INSERT (PostgreSQL takes at most 65,535
// parameters in a statement).
func batchRows(cols int) int { return max(1, min(500, 60000/cols)) }

// batchBytes ends a batch early when its text and files grow large (uploads
// may be up to the upload limit each).
const batchBytes = 8 << 20

// copyTable copies every row of a table, deferred columns left empty.
func copyTable(ctx context.Context, rtx *sql.Tx, wtx *sql.Tx, t *pgTable) (int64, error) {
	var names []string
	for _, c := range t.cols {
		names = append(names, quote(c.name))
	}
	q := "SELECT " + strings.Join(names, ", ") + " FROM " + quote(t.name)
	if t.hasID() {
		q += " ORDER BY id"
	}
	rows, err := rtx.QueryContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	per := batchRows(len(t.cols))
	head := "INSERT INTO " + quote(t.name) + " (" + strings.Join(names, ", ") + ") VALUES "
	var args []any
	var n, inBatch int64
	bytes := 0
	flush := func() error {
		if inBatch == 0 {
			return nil
		}
		var b strings.Builder
		b.WriteString(head)
		k := 0
		for r := int64(0); r < inBatch; r++ {
			if r > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for i := range t.cols {
				if i > 0 {
					b.WriteString(", ")
				}
				k++
				b.WriteString("$" + strconv.Itoa(k))
			}
			b.WriteByte(')')
		}
		if _, err := wtx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		args, inBatch, bytes = args[:0], 0, 0
		return nil
	}
	vals := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range t.cols {
			v := vals[i]
			if slices.Contains(t.deferred, c.name) {
				v = nil
			}
			cv, err := convert(v, c.typ)
			if err != nil {
				return n, fmt.Errorf("column %s: %w", c.name, err)
			}
			args = append(args, cv)
			switch x := cv.(type) {
			case []byte:
				bytes += len(x)
			case string:
				bytes += len(x)
			}
		}
		n++
		inBatch++
		if inBatch == int64(per) || bytes >= batchBytes {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// copyDeferred fills the columns copyTable left empty.
func copyDeferred(ctx context.Context, rtx *sql.Tx, wtx *sql.Tx, t *pgTable) error {
	if len(t.deferred) == 0 {
		return nil
	}
	if !t.hasID() {
		return fmt.Errorf("deferred columns %v need an id column", t.deferred)
	}
	for _, col := range t.deferred {
		rows, err := rtx.QueryContext(ctx, "SELECT id, "+quote(col)+" FROM "+quote(t.name)+" WHERE "+quote(col)+" IS NOT NULL ORDER BY id")
		if err != nil {
			return err
		}
		type pair struct{ id, v int64 }
		var ps []pair
		for rows.Next() {
			var p pair
			if err := rows.Scan(&p.id, &p.v); err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for len(ps) > 0 {
			k := min(len(ps), 5000)
			ids := make([]int64, k)
			vs := make([]int64, k)
			for i, p := range ps[:k] {
				ids[i], vs[i] = p.id, p.v
			}
			q := "UPDATE " + quote(t.name) + " SET " + quote(col) + " = u.v FROM unnest($1::bigint[], $2::bigint[]) AS u(id, v) WHERE " + quote(t.name) + ".id = u.id"
			if _, err := wtx.ExecContext(ctx, q, ids, vs); err != nil {
				return err
			}
			ps = ps[k:]
		}
	}
	return nil
}

// timeLayouts are the ways SQLite text may hold a time (modernc's
// _time_format=sqlite writes the first).
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time", s)
}

// convert turns a value read from SQLite into what the PostgreSQL column
// of type typ (information_schema's data_type) takes.
func convert(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if b, ok := v.([]byte); ok && typ != "bytea" {
		v = string(b)
	}
	switch typ {
	case "bigint", "integer", "smallint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case string:
			return strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		}
	case "boolean":
		switch x := v.(type) {
		case int64:
			return x != 0, nil
		case bool:
			return x, nil
		case string:
			return strconv.ParseBool(strings.TrimSpace(x))
		}
	case "date":
		switch x := v.(type) {
		case time.Time:
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC), nil
		case string:
			if len(x) >= 10 {
				x = x[:10]
			}
			t, err := time.Parse("2006-01-02", x)
			if err != nil {
				return nil, fmt.Errorf("%q is not a date", x)
			}
			return t, nil
		}
	case "timestamp with time zone", "timestamp without time zone":
		switch x := v.(type) {
		case time.Time:
			return x, nil
		case string:
			return parseTime(x)
		case int64:
			return time.Unix(x, 0).UTC(), nil
		}
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	case "text", "character varying", "character", "json", "jsonb":
		switch x := v.(type) {
		case string:
			return x, nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		case time.Time:
			return x.Format("2006-01-02 15:04:05.999999999-07:00"), nil
		}
	case "double precision", "real", "numeric":
		switch x := v.(type) {
		case float64, int64:
			return x, nil
		case string:
			return strconv.ParseFloat(strings.TrimSpace(x), 64)
		}
	default:
		return v, nil
	}
	return nil, fmt.Errorf("cannot put a %T (%v) into a %s column", v, v, typ)
}
