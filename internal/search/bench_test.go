package search_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/search"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/vntext"
)

// syllables are common Vietnamese syllables of party and administrative
// writing, with their diacritics; paragraphs are drawn from them.
var syllables = strings.Fields(`của và các trong việc cho được với là có những này đã không một người thực hiện
	công tác đảng ủy ban chấp hành thường vụ nghị quyết chỉ thị kết luận kế hoạch báo cáo tờ trình chương trình
	hội nghị kỳ họp chi bộ đảng viên cán bộ quần chúng nhân dân phường xã huyện tỉnh thành phố khu ấp
	kinh tế xã hội văn hóa giáo dục y tế quốc phòng an ninh trật tự giao thông nông nghiệp thủy sản
	chuyển đổi số hành chính cải cách dân vận mặt trận tổ quốc đoàn thanh niên hội phụ nữ nông dân cựu chiến binh
	kiểm tra giám sát kỷ luật khen thưởng thi đua tuyên truyền học tập làm theo tư tưởng đạo đức phong cách
	lãnh đạo chỉ đạo điều hành tổ chức triển khai đánh giá rút kinh nghiệm phát huy khắc phục hạn chế
	tồn tại nguyên nhân giải pháp nhiệm vụ trọng tâm năm tháng quý đầu cuối tiếp tục tăng cường nâng cao
	chất lượng hiệu quả hoạt động sinh hoạt định kỳ chuyên đề bất thường đột xuất ngân sách thu chi
	đầu tư xây dựng công trình đường cầu kênh mương nạo vét hòa giải khiếu nại tố cáo tiếp công dân
	môi trường rác thải nước sạch điện chiếu sáng nhà văn hóa trường học trạm y tế chợ bến xe
	nhiệm kỳ đại hội bầu cử ứng cử đề cử giới thiệu quy hoạch luân chuyển bổ nhiệm miễn nhiệm
	đồng chí bí thư phó chủ tịch trưởng ban ủy viên thư ký văn phòng thống nhất biểu quyết tán thành`)

// benchIndex is the index the benchmark searches: rows paragraphs over 100
// communes of one province.
type benchIndex struct {
	st       *store.Store
	province string
	communes []string
}

func buildIndex(b *testing.B, d *db.DB, rows int) *benchIndex {
	st := store.New(d, nil)
	ctx := context.Background()
	prov := &model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh"}
	if err := st.CreateOrg(ctx, prov); err != nil {
		b.Fatal(err)
	}
	ix := &benchIndex{st: st, province: prov.Path}
	var ids []int64
	for i := range 100 {
		c := &model.Org{ParentID: prov.ID, Kind: model.OrgCommune, Unit: model.UnitCommune, Name: fmt.Sprintf("Đảng bộ xã %d", i)}
		if err := st.CreateOrg(ctx, c); err != nil {
			b.Fatal(err)
		}
		ix.communes = append(ix.communes, c.Path)
		ids = append(ids, c.ID)
	}
	r := rand.New(rand.NewSource(1))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(syllables)-1))
	words := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = syllables[zipf.Uint64()]
		}
		first, size := utf8.DecodeRuneInString(w[0])
		w[0] = string(unicode.ToUpper(first)) + w[0][size:]
		return strings.Join(w, " ")
	}
	start := time.Now()
	now := time.Now().UTC()
	const batch = 500
	cols := "(kind, ref_id, org_id, org_path, title, text, title_folded, text_folded, scope_key, updated_at)"
	for done := 0; done < rows; {
		tx, err := d.W.Begin()
		if err != nil {
			b.Fatal(err)
		}
		// One transaction per 100,000 rows; statements of 500 rows.
		for end := min(done+100_000, rows); done < end; {
			n := min(batch, end-done)
			var sb strings.Builder
			args := make([]any, 0, n*10)
			sb.WriteString("INSERT INTO search_entries " + cols + " VALUES ")
			for i := range n {
				row := done + i
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				title := words(6 + r.Intn(6))
				text := words(25+r.Intn(40)) + "."
				c := row % len(ids)
				args = append(args, "document", row+1, ids[c], ix.communes[c], title, text,
					vntext.SearchKey(title), vntext.SearchKey(text), store.ScopeKey(ix.communes[c]), now)
			}
			if _, err := tx.Exec(d.Rebind(sb.String()), args...); err != nil {
				b.Fatal(err)
			}
			done += n
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	if d.Dialect() == db.Postgres {
		if _, err := d.W.Exec("ANALYZE search_entries"); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("indexed %d paragraphs in %s", rows, time.Since(start).Round(time.Second))
	return ix
}

// BenchmarkSearch1M searches 1,000,000 folded paragraphs (100 communes of
// 10,000) with queries of 1–3 words drawn from the vocabulary, the last
// word as a prefix, as a commune's user and as the province: the ranked
// database query the search service runs (80 candidates for a page of 20)
// and the snippets of its first 20. It reports the median and the 95th
// percentile. Building the index takes minutes, so it runs only with
// NGHISU_BENCH_1M=1 (NGHISU_BENCH_ROWS changes the size; NGHISU_BENCH_DB=
// postgres runs it on NGHISU_TEST_PG):
//
//	NGHISU_BENCH_1M=1 go test ./internal/search/ -run '^$' -bench Search1M -benchtime 400x
func BenchmarkSearch1M(b *testing.B) {
	if os.Getenv("NGHISU_BENCH_1M") != "1" {
		b.Skip("set NGHISU_BENCH_1M=1: building 1,000,000 paragraphs takes minutes")
	}
	rows := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("NGHISU_BENCH_ROWS")); err == nil && v > 0 {
		rows = v
	}
	var d *db.DB
	if os.Getenv("NGHISU_BENCH_DB") == "postgres" {
		d = testutil.NewDB(b, db.Postgres)
	} else {
		// Synchronous NORMAL as a server would run; the file is removed after.
		dir := b.TempDir()
		var err error
		d, err = db.Open(context.Background(), filepath.Join(dir, "bench.db"), "", db.Options{Synchronous: "NORMAL"})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	ix := buildIndex(b, d, rows)
	queries := func() []string {
		r := rand.New(rand.NewSource(7))
		qs := make([]string, 1000)
		for i := range qs {
			w := make([]string, 1+r.Intn(3))
			for j := range w {
				w[j] = syllables[r.Intn(len(syllables))]
			}
			qs[i] = strings.Join(w, " ")
		}
		return qs
	}()
	for _, scope := range []struct{ name, path string }{{"commune", ix.communes[42]}, {"province", ix.province}} {
		b.Run(scope.name, func(b *testing.B) {
			ctx := context.Background()
			lat := make([]time.Duration, 0, b.N)
			hits := 0
			for i := 0; b.Loop(); i++ {
				t0 := time.Now()
				q := search.Parse(queries[i%len(queries)])
				es, err := ix.st.SearchEntries(ctx, store.SearchQuery{Terms: q.Terms, Prefix: q.Prefix, Scope: scope.path, Limit: 80})
				if err != nil {
					b.Fatal(err)
				}
				for j := range min(20, len(es)) {
					search.Snippet(es[j].Title, &q, 160)
					search.Snippet(es[j].Text, &q, 180)
				}
				lat = append(lat, time.Since(t0))
				hits += len(es)
			}
			slices.Sort(lat)
			pct := func(p float64) float64 {
				return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			b.ReportMetric(float64(hits)/float64(len(lat)), "hits/query")
		})
	}
}
