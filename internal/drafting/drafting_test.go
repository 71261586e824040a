package drafting_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/drafting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
	"nghisu/internal/textdiff"
	"nghisu/internal/vntext"
)

var ctx = context.Background()

// demo is what the demo seeds for Mỹ Tho's next BCH meeting.
type demo struct {
	meeting                  *model.Meeting // April's regular BCH meeting, in review
	resolution, report, note model.Document // committee, committee, BTV only
	round                    model.ReviewRound
	comment                  model.ReviewComment // btv.mytho's wording on paragraph 5
	btv                      *model.Meeting      // the BTV meeting, preparing
}

func findDemo(t *testing.T, srv *testutil.Server) demo {
	t.Helper()
	st := srv.App.Store
	var out demo
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	from := testutil.VNAt(2026, time.April, 1, 0)
	ms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingRegular, From: from, To: from.AddDate(0, 1, 0)})
	if err != nil || len(ms) != 1 {
		t.Fatalf("April's BCH meeting: %d, %v", len(ms), err)
	}
	if out.meeting, err = st.Meeting(ctx, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	docs, err := st.Documents(ctx, out.meeting.ID)
	if err != nil || len(docs) != 3 {
		t.Fatalf("April's papers: %d, %v", len(docs), err)
	}
	for _, d := range docs {
		switch d.Kind {
		case model.DocResolution:
			out.resolution = d
		case model.DocReport:
			out.report = d
		case model.DocOther:
			out.note = d
		}
	}
	if out.resolution.Audience != model.AudienceCommittee || out.report.Audience != model.AudienceCommittee ||
		out.note.Audience != model.AudienceStanding || out.resolution.Released || out.report.Released {
		t.Fatalf("the demo's papers changed: %+v", docs)
	}
	rounds, err := st.Rounds(ctx, out.resolution.ID)
	if err != nil || len(rounds) != 1 {
		t.Fatalf("rounds on the resolution: %d, %v", len(rounds), err)
	}
	out.round = rounds[0]
	cs, err := st.Comments(ctx, out.round.ID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("comments in the round: %d, %v", len(cs), err)
	}
	out.comment = cs[0]
	btv := srv.Body(t, "Mỹ Tho", model.BodyStanding)
	bms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{btv.ID}})
	if err != nil || len(bms) != 1 {
		t.Fatalf("BTV meetings: %d, %v", len(bms), err)
	}
	if out.btv, err = st.Meeting(ctx, bms[0].ID); err != nil {
		t.Fatal(err)
	}
	return out
}

// newMeeting schedules a BCH meeting of Mỹ Tho as bithu.mytho.
func newMeeting(t *testing.T, srv *testutil.Server, in model.MeetingInput) *model.Meeting {
	t.Helper()
	if in.Kind == "" {
		in.Kind = model.MeetingRegular
	}
	in.Place = "Hội trường Đảng ủy"
	m, err := srv.App.Meetings.Create(ctx, srv.Actor(t, "bithu.mytho"), srv.Body(t, "Mỹ Tho", model.BodyCommittee).ID, in)
	if err != nil {
		t.Fatalf("create meeting: %v", err)
	}
	return m
}

// approve walks a fresh BCH meeting to approved as bithu.mytho.
func approve(t *testing.T, srv *testutil.Server, id int64) {
	t.Helper()
	for _, to := range []model.MeetingState{model.StatePreparing, model.StateReview, model.StateApproved} {
		if _, err := srv.App.Meetings.Transition(ctx, srv.Actor(t, "bithu.mytho"), id, to, ""); err != nil {
			t.Fatalf("→ %s: %v", to, err)
		}
	}
}

// text creates a text paper as bithu.mytho.
func text(t *testing.T, srv *testutil.Server, meetingID int64, kind model.DocKind, aud model.Audience, title, body string) *model.Document {
	t.Helper()
	d, err := srv.App.Drafting.CreateText(ctx, srv.Actor(t, "bithu.mytho"), meetingID,
		model.DocumentInput{Kind: kind, Title: title, Audience: aud, Body: body})
	if err != nil {
		t.Fatalf("create paper %q: %v", title, err)
	}
	return d
}

// newAccount makes a Mỹ Tho person with a member account.
func newAccount(t *testing.T, srv *testutil.Server, username, name string) int64 {
	t.Helper()
	mytho := srv.Commune(t, "Mỹ Tho")
	p, err := srv.App.Org.CreatePerson(ctx, srv.Actor(t, "vp.mytho"), mytho.ID, model.PersonInput{FullName: name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.App.Auth.CreateAccount(ctx, srv.Actor(t, "admin"), model.AccountInput{Username: username, PersonID: p.ID,
		OrgID: mytho.ID, Role: model.RoleMember, Password: "mật-khẩu-thử-nghiệm-dài"}); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func ids(docs []model.Document) []int64 {
	var out []int64
	for _, d := range docs {
		out = append(out, d.ID)
	}
	slices.Sort(out)
	return out
}

// TestWhoReadsWhichPaper: BTV papers for the BTV; BCH papers for the BTV
// while they are drafts, then for the commune and the province; guests'
// papers for the invited guests too. Another commune sees nothing.
func TestWhoReadsWhichPaper(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		btvOnly := []string{"bithu.mytho", "pbtt.mytho", "btv.mytho"}
		commune := append(slices.Clone(btvOnly), "uv.mytho", "vp.mytho", "tinhuy", "admin")
		users := append(slices.Clone(commune), "bithu.caolanh")

		check := func(phase string, meetingID int64, readers map[int64][]string) {
			t.Helper()
			for _, u := range users {
				a := srv.Actor(t, u)
				_, docs, err := dr.Documents(ctx, a, meetingID)
				if u == "bithu.caolanh" {
					if !errors.Is(err, model.ErrNotFound) {
						t.Errorf("%s: another commune lists the papers: %v", phase, err)
					}
				} else if err != nil {
					t.Errorf("%s: %s lists the papers: %v", phase, u, err)
				}
				var want []int64
				for id, rs := range readers {
					readable := slices.Contains(rs, u)
					if readable {
						want = append(want, id)
					}
					_, doc, err := dr.Document(ctx, a, id)
					_, verr := dr.Versions(ctx, a, id)
					switch {
					case readable && (err != nil || verr != nil):
						t.Errorf("%s: %s should read paper %d: %v, %v", phase, u, id, err, verr)
					case readable && (doc.ID != id || doc.Latest == nil || doc.Latest.Body == ""):
						t.Errorf("%s: %s reads paper %d without its text: %+v", phase, u, id, doc)
					case !readable && (!errors.Is(err, model.ErrNotFound) || !errors.Is(verr, model.ErrNotFound)):
						t.Errorf("%s: %s must get not found for paper %d, got %v, %v", phase, u, id, err, verr)
					}
				}
				slices.Sort(want)
				if got := ids(docs); !slices.Equal(got, want) {
					t.Errorf("%s: %s lists papers %v, want %v", phase, u, got, want)
				}
			}
		}
		check("drafts", x.meeting.ID, map[int64][]string{x.resolution.ID: btvOnly, x.report.ID: btvOnly, x.note.ID: btvOnly})

		// Only the leaders release, and only BCH papers not yet released.
		for _, c := range []struct {
			user  string
			doc   int64
			check func(error) bool
		}{
			{"btv.mytho", x.resolution.ID, func(err error) bool { return errors.Is(err, model.ErrForbidden) }},
			{"uv.mytho", x.resolution.ID, func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
			{"vp.mytho", x.resolution.ID, func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
			{"bithu.caolanh", x.resolution.ID, func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
			{"bithu.mytho", x.note.ID, func(err error) bool { return testutil.RefusalKey(err) == "draft.release_nothing" }},
			{"bithu.mytho", x.resolution.ID, func(err error) bool { return err == nil }},
			{"pbtt.mytho", x.report.ID, func(err error) bool { return err == nil }},
			{"bithu.mytho", x.resolution.ID, func(err error) bool { return testutil.RefusalKey(err) == "draft.release_nothing" }},
		} {
			if err := dr.Release(ctx, srv.Actor(t, c.user), c.doc); !c.check(err) {
				t.Errorf("%s releases paper %d: %v", c.user, c.doc, err)
			}
		}
		if note, _ := srv.App.Store.Document(ctx, x.note.ID); note.Released {
			t.Error("the BTV note was released")
		}
		check("released", x.meeting.ID, map[int64][]string{x.resolution.ID: commune, x.report.ID: commune, x.note.ID: btvOnly})

		// Guests' papers: the invited people read them once released; a
		// person of the commune who is neither in the BCH nor invited does not.
		guest := newAccount(t, srv, "khach.mytho", "Trần Thị Khách")
		newAccount(t, srv, "ngoai.mytho", "Lê Văn Ngoài")
		m := newMeeting(t, srv, model.MeetingInput{StartsAt: testutil.VNAt(2026, time.June, 10, 8)})
		if m, err := srv.App.Meetings.Update(ctx, srv.Actor(t, "vp.mytho"), m.ID, model.MeetingInput{StartsAt: m.StartsAt,
			Place: m.Place, GuestIDs: []int64{guest}, Version: m.Version}); err != nil || m.Version != 2 {
			t.Fatalf("inviting a guest: %v", err)
		}
		forGuests := text(t, srv, m.ID, model.DocSubmission, model.AudienceGuests, "Tờ trình về chuyển đổi số", "Kính trình Ban Chấp hành.")
		forBCH := text(t, srv, m.ID, model.DocReport, model.AudienceCommittee, "Báo cáo tháng 6", "Kết quả tháng 6.")
		forBTV := text(t, srv, m.ID, model.DocOther, model.AudienceStanding, "Ý kiến Ban Thường vụ", "Chỉ Ban Thường vụ.")
		users = append(users, "khach.mytho", "ngoai.mytho")
		check("guests' drafts", m.ID, map[int64][]string{forGuests.ID: btvOnly, forBCH.ID: btvOnly, forBTV.ID: btvOnly})
		for _, id := range []int64{forGuests.ID, forBCH.ID} {
			if err := dr.Release(ctx, srv.Actor(t, "bithu.mytho"), id); err != nil {
				t.Fatal(err)
			}
		}
		check("guests' papers released", m.ID, map[int64][]string{
			forGuests.ID: append(slices.Clone(commune), "khach.mytho"),
			forBCH.ID:    commune,
			forBTV.ID:    btvOnly,
		})
		// No longer invited, no longer reading.
		cur, _ := srv.App.Meetings.Get(ctx, srv.Actor(t, "bithu.mytho"), m.ID)
		if _, err := srv.App.Meetings.Update(ctx, srv.Actor(t, "bithu.mytho"), m.ID, model.MeetingInput{StartsAt: cur.StartsAt,
			Place: cur.Place, Version: cur.Version}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := dr.Document(ctx, srv.Actor(t, "khach.mytho"), forGuests.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("an uninvited guest still reads the guests' paper: %v", err)
		}
		// The author of a paper reads it whatever its audience.
		own, err := dr.CreateText(ctx, srv.Actor(t, "vp.mytho"), m.ID, model.DocumentInput{Kind: model.DocOther, Title: "Ghi chú của Văn phòng",
			Audience: model.AudienceStanding, Body: "Chuẩn bị hội trường."})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := dr.Document(ctx, srv.Actor(t, "vp.mytho"), own.ID); err != nil {
			t.Errorf("the office does not read its own paper: %v", err)
		}
		if _, _, err := dr.Document(ctx, srv.Actor(t, "uv.mytho"), own.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a committee member reads a BTV paper: %v", err)
		}
	})
}

// TestVersions: saving is based on a version; a stale base, an unchanged
// body, an approved paper and concurrent saves are refused without loss.
func TestVersions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		bithu := srv.Actor(t, "bithu.mytho")
		doc := x.report.ID
		versions := func() []model.DocVersion {
			t.Helper()
			vs, err := dr.Versions(ctx, bithu, doc)
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
		v1, err := dr.Version(ctx, bithu, doc, 1)
		if err != nil {
			t.Fatal(err)
		}
		paras := textdiff.Paragraphs(v1.Body)
		if len(paras) != 2 {
			t.Fatalf("the demo report has %d paragraphs", len(paras))
		}
		edited := textdiff.Join([]string{paras[0], "Các chỉ tiêu chủ yếu đạt và vượt kế hoạch; thu ngân sách đạt 95%."})

		v2, err := dr.SaveVersion(ctx, bithu, doc, model.VersionInput{Body: edited, BasedOn: 1, Note: " sửa số liệu "})
		if err != nil {
			t.Fatal(err)
		}
		if v2.Number != 2 || v2.BasedOn != 1 || v2.AuthorName != "bithu.mytho" || v2.Note != "sửa số liệu" {
			t.Errorf("v2: %+v", v2)
		}
		// Stale: based on v1 again.
		_, err = dr.SaveVersion(ctx, srv.Actor(t, "pbtt.mytho"), doc, model.VersionInput{Body: "Bản khác.", BasedOn: 1})
		var stale *drafting.StaleError
		if !errors.As(err, &stale) || stale.Latest == nil || stale.Latest.Number != 2 || stale.Latest.Body != edited || !errors.Is(err, model.ErrConflict) {
			t.Errorf("save based on v1 after v2: %v", err)
		}
		// Unchanged: the same text, blank lines and trailing spaces aside.
		same := "\n\n" + strings.ReplaceAll(edited, "\n\n", "  \n\n\n") + "\n"
		if _, err := dr.SaveVersion(ctx, bithu, doc, model.VersionInput{Body: same, BasedOn: 2}); testutil.RefusalKey(err) != "draft.unchanged" {
			t.Errorf("unchanged body: %v", err)
		}
		if _, err := dr.SaveVersion(ctx, bithu, doc, model.VersionInput{Body: " \n\n ", BasedOn: 2}); testutil.FieldOf(err) != "body" {
			t.Errorf("empty body: %v", err)
		}
		if _, err := dr.SaveVersion(ctx, bithu, doc, model.VersionInput{Body: "Khác.", BasedOn: 2, TakenIn: []int64{x.comment.ID}}); testutil.RefusalKey(err) != "review.comment_unknown" {
			t.Errorf("taking in a comment on another paper: %v", err)
		}
		if vs := versions(); len(vs) != 2 {
			t.Errorf("refused saves left %d versions", len(vs))
		}
		diff, err := dr.Compare(ctx, bithu, doc, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		var changed []textdiff.Para
		for _, p := range diff {
			if p.Op != textdiff.Equal {
				changed = append(changed, p)
			}
		}
		if len(diff) != 2 || len(changed) != 1 || changed[0].Op != textdiff.Change || changed[0].Old != 2 || changed[0].New != 2 {
			t.Errorf("compare v1, v2: %+v", diff)
		}

		// Who may write.
		for _, c := range []struct {
			user  string
			check func(error) bool
		}{
			{"uv.mytho", func(err error) bool { return errors.Is(err, model.ErrNotFound) }}, // cannot read the draft
			{"vp.mytho", func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
			{"btv.mytho", func(err error) bool { return errors.Is(err, model.ErrForbidden) }}, // reads, does not write
			{"tinhuy", func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
			{"bithu.caolanh", func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
		} {
			if _, err := dr.SaveVersion(ctx, srv.Actor(t, c.user), doc, model.VersionInput{Body: "Của " + c.user, BasedOn: 2}); !c.check(err) {
				t.Errorf("%s writes the draft: %v", c.user, err)
			}
		}
		if err := dr.Release(ctx, bithu, doc); err != nil {
			t.Fatal(err)
		}
		if _, err := dr.SaveVersion(ctx, srv.Actor(t, "uv.mytho"), doc, model.VersionInput{Body: "Của uv", BasedOn: 2}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a committee member writes the released paper: %v", err)
		}
		if _, err := dr.SaveVersion(ctx, srv.Actor(t, "tinhuy"), doc, model.VersionInput{Body: "Của tỉnh", BasedOn: 2}); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the province writes the released paper: %v", err)
		}
		if len(versions()) != 2 {
			t.Fatal("a refused writer saved a version")
		}

		// Approving ends the draft; it is the leaders', and not while the
		// BTV is commenting.
		if err := dr.Approve(ctx, srv.Actor(t, "vp.mytho"), doc); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the office approves: %v", err)
		}
		if err := dr.Approve(ctx, srv.Actor(t, "btv.mytho"), doc); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a BTV member approves: %v", err)
		}
		if err := dr.Approve(ctx, bithu, x.resolution.ID); testutil.RefusalKey(err) != "draft.review_open" {
			t.Errorf("approving under review: %v", err)
		}
		if r, _ := srv.App.Store.Document(ctx, x.resolution.ID); r.Status != model.DocDraft {
			t.Errorf("the resolution under review is %s", r.Status)
		}
		if err := dr.Approve(ctx, srv.Actor(t, "pbtt.mytho"), doc); err != nil {
			t.Fatal(err)
		}
		if r, _ := srv.App.Store.Document(ctx, doc); r.Status != model.DocApproved {
			t.Errorf("approved paper is %s", r.Status)
		}
		n := len(versions())
		if _, err := dr.SaveVersion(ctx, bithu, doc, model.VersionInput{Body: "Sau khi duyệt.", BasedOn: n}); testutil.RefusalKey(err) != "draft.approved" {
			t.Errorf("saving an approved paper: %v", err)
		}
		if err := dr.Approve(ctx, bithu, doc); testutil.RefusalKey(err) != "draft.approved" {
			t.Errorf("approving twice: %v", err)
		}
		if len(versions()) != n {
			t.Error("an approved paper got a version")
		}
	})
}

// TestConcurrentSaves: two people save the same paper from the same version
// at the same moment: one save wins, the other is told its base is stale,
// and nothing is lost or saved twice.
func TestConcurrentSaves(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		bithu := srv.Actor(t, "bithu.mytho")
		doc := x.report.ID
		if err := dr.Release(ctx, bithu, doc); err != nil { // so that the office may write too
			t.Fatal(err)
		}
		versions := func() []model.DocVersion {
			t.Helper()
			vs, err := dr.Versions(ctx, bithu, doc)
			if err != nil {
				t.Fatal(err)
			}
			return vs
		}
		for round := 0; round < 3; round++ {
			base := versions()[0].Number
			var wg sync.WaitGroup
			errs := make([]error, 2)
			saved := make([]*model.DocVersion, 2)
			writers := []*auth.Actor{bithu, srv.Actor(t, "vp.mytho")}
			for i := range 2 {
				wg.Go(func() {
					saved[i], errs[i] = dr.SaveVersion(ctx, writers[i], doc,
						model.VersionInput{Body: fmt.Sprintf("Bản của người %d, lần %d.", i, round), BasedOn: base})
				})
			}
			wg.Wait()
			won := slices.IndexFunc(errs, func(err error) bool { return err == nil })
			if won < 0 || errs[1-won] == nil {
				t.Fatalf("concurrent saves from v%d: %v", base, errs)
			}
			vs := versions()
			if len(vs) != base+1 || vs[0].Number != base+1 || saved[won].Number != base+1 {
				t.Fatalf("after concurrent saves from v%d: %d versions", base, len(vs))
			}
			if latest, _ := dr.Version(ctx, bithu, doc, base+1); latest.Body != fmt.Sprintf("Bản của người %d, lần %d.", won, round) {
				t.Errorf("the saved version holds %q", latest.Body)
			}
			if lost := errs[1-won]; !errors.Is(lost, model.ErrConflict) {
				t.Errorf("the losing save: %v, want a stale version or a conflict", lost)
			}
		}
	})
}

// TestSaveConflictInTransaction makes the race of two saves deterministic:
// another save of the next version is in flight (inserted, not committed)
// when SaveVersion checks its base, and commits while SaveVersion waits to
// insert. SaveVersion must answer with a StaleError carrying that version.
func TestSaveConflictInTransaction(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		doc := x.report.ID
		inserted, release := make(chan struct{}), make(chan struct{})
		other := make(chan error, 1)
		go func() {
			other <- srv.App.Store.InTx(ctx, func(st *store.Store) error {
				if err := st.AddVersion(ctx, &model.DocVersion{DocumentID: doc, Number: 2, Body: "Bản của người kia.", BasedOn: 1, AuthorName: "pbtt.mytho"}); err != nil {
					close(inserted)
					return err
				}
				close(inserted)
				<-release
				return nil
			})
		}()
		<-inserted
		waits := d.W.Stats().WaitCount
		saved := make(chan error, 1)
		bithu := srv.Actor(t, "bithu.mytho")
		go func() {
			_, err := dr.SaveVersion(ctx, bithu, doc, model.VersionInput{Body: "Bản của tôi.", BasedOn: 1})
			saved <- err
		}()
		// Wait (without sleeping) until the save is held by the other
		// transaction: on SQLite it waits for the one writer connection, on
		// PostgreSQL for the lock on the version number.
		deadline := time.Now().Add(20 * time.Second)
		for blocked := false; !blocked; {
			if time.Now().After(deadline) {
				close(release)
				t.Fatal("the save never waited for the other transaction")
			}
			select {
			case err := <-saved:
				close(release)
				t.Fatalf("the save finished while the other was in flight: %v", err)
			default:
			}
			if d.Dialect() == db.Postgres {
				var n int
				if err := d.R.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				blocked = n > 0
			} else {
				blocked = d.W.Stats().WaitCount > waits
			}
			runtime.Gosched()
		}
		close(release)
		if err := <-other; err != nil {
			t.Fatal(err)
		}
		err := <-saved
		var stale *drafting.StaleError
		if !errors.As(err, &stale) || stale.Latest == nil || stale.Latest.Number != 2 || stale.Latest.Body != "Bản của người kia." {
			t.Fatalf("the save that lost the race: %v", err)
		}
		if vs, _ := dr.Versions(ctx, srv.Actor(t, "bithu.mytho"), doc); len(vs) != 2 {
			t.Errorf("%d versions", len(vs))
		}
	})
}

// minimal files of each kind
var (
	pdfBytes = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" +
		"trailer<</Root 1 0 R>>\n%%EOF\n")
	pngBytes  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	jpegBytes = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
)

// zipOf builds a zip archive of the named parts.
func zipOf(t *testing.T, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range parts {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, `<?xml version="1.0" encoding="UTF-8"?><part name=%q/>`, name)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestUploads: a file is accepted when its content is what its name says,
// of an allowed type and within the size limit; it comes back unchanged.
func TestUploads(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{'x'}, 2<<20)...)
		limit := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{'x'}, 2<<20-9)...)
		cases := []struct {
			name  string
			data  []byte
			ctype string // accepted as
			key   string // refused with
		}{
			{"x.pdf", pdfBytes, "application/pdf", ""},
			{"Báo cáo QUÝ I.PDF", pdfBytes, "application/pdf", ""},
			{"x.pdf", pngBytes, "", "file.type_mismatch"},
			{"x.png", pngBytes, "image/png", ""},
			{"x.jpg", jpegBytes, "image/jpeg", ""},
			{"x.png", jpegBytes, "", "file.type_mismatch"},
			{"x.html", []byte("<!DOCTYPE html><html><body>x</body></html>"), "", "file.type_not_allowed"},
			{"x.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", "file.type_not_allowed"},
			{"x.pdf.exe", pdfBytes, "", "file.type_not_allowed"},
			{"x", pdfBytes, "", "file.type_not_allowed"},
			{"x.docx", zipOf(t, "readme.txt"), "", "file.type_mismatch"},
			{"x.docx", zipOf(t, "[Content_Types].xml", "word/document.xml"), docx, ""},
			{"x.xlsx", zipOf(t, "[Content_Types].xml", "word/document.xml"), "", "file.type_mismatch"},
			{"x.xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), xlsx, ""},
			{"x.docx", []byte("PK\x03\x04 not really a zip"), "", "file.type_mismatch"},
			{"x.pdf", big, "", "file.too_big"},
			{"x.pdf", limit, "application/pdf", ""},
			{"x.pdf", nil, "", "file.empty"},
		}
		in := model.DocumentInput{Kind: model.DocOther, Title: "Phụ lục", Audience: model.AudienceCommittee}
		bithu := srv.Actor(t, "bithu.mytho")
		for _, c := range cases {
			before, _ := srv.App.Store.Documents(ctx, x.meeting.ID)
			doc, err := dr.Upload(ctx, bithu, x.meeting.ID, in, c.name, c.data)
			if c.key != "" {
				if testutil.RefusalKey(err) != c.key {
					t.Errorf("%s (%d bytes): got %v, want %s", c.name, len(c.data), err, c.key)
				}
				if after, _ := srv.App.Store.Documents(ctx, x.meeting.ID); len(after) != len(before) {
					t.Errorf("%s: refused, yet a paper was added", c.name)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s (%d bytes): %v", c.name, len(c.data), err)
				continue
			}
			if doc.Format != model.FormatFile || doc.Latest == nil || doc.Latest.File == nil || doc.Latest.File.ContentType != c.ctype {
				t.Errorf("%s: stored as %+v", c.name, doc.Latest)
				continue
			}
			f, data, err := dr.File(ctx, bithu, doc.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(c.data)
			if !bytes.Equal(data, c.data) || f.ContentType != c.ctype || f.Name != c.name || f.Size != int64(len(c.data)) || f.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: read back %d bytes as %+v", c.name, len(data), f)
			}
		}

		// Who may upload, and what a file paper is not.
		pdf, err := dr.Upload(ctx, srv.Actor(t, "vp.mytho"), x.meeting.ID, in, "giay-moi.pdf", pdfBytes)
		if err != nil {
			t.Fatalf("the office uploads: %v", err)
		}
		if _, err := dr.Upload(ctx, srv.Actor(t, "uv.mytho"), x.meeting.ID, in, "x.pdf", pdfBytes); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a committee member uploads: %v", err)
		}
		if _, err := dr.Upload(ctx, srv.Actor(t, "bithu.caolanh"), x.meeting.ID, in, "x.pdf", pdfBytes); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune uploads: %v", err)
		}
		if _, _, err := dr.File(ctx, srv.Actor(t, "uv.mytho"), pdf.ID, 1); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a committee member downloads an unreleased file: %v", err)
		}
		if _, err := dr.SaveVersion(ctx, bithu, pdf.ID, model.VersionInput{Body: "chữ", BasedOn: 1}); testutil.RefusalKey(err) != "draft.not_text" {
			t.Errorf("a text version of a file: %v", err)
		}
		if _, _, err := dr.File(ctx, bithu, x.report.ID, 1); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the file of a text paper: %v", err)
		}
		if err := dr.Release(ctx, bithu, pdf.ID); err != nil {
			t.Fatal(err)
		}
		if _, data, err := dr.File(ctx, srv.Actor(t, "uv.mytho"), pdf.ID, 1); err != nil || !bytes.Equal(data, pdfBytes) {
			t.Errorf("a committee member downloads the released file: %v", err)
		}
	})
}

// TestReview: the BTV comments on the demo's draft resolution; the drafter
// answers and takes wordings in; the round closes at its deadline.
func TestReview(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		bithu, btv, pbtt := srv.Actor(t, "bithu.mytho"), srv.Actor(t, "btv.mytho"), srv.Actor(t, "pbtt.mytho")
		res := x.resolution.ID
		review := func() *drafting.Review {
			t.Helper()
			_, _, rv, err := dr.Review(ctx, bithu, x.round.ID)
			if err != nil {
				t.Fatal(err)
			}
			return rv
		}
		silent := func(rv *drafting.Review, person int64) bool {
			return slices.ContainsFunc(rv.Silent, func(p model.Person) bool { return p.ID == person })
		}
		rv := review()
		if !rv.Open || len(rv.Comments) != 1 || len(rv.Members) < 3 {
			t.Fatalf("the demo round: open %v, %d comments, %d members", rv.Open, len(rv.Comments), len(rv.Members))
		}
		nParas := len(rv.Paragraphs)
		if !silent(rv, pbtt.Account.PersonID) || silent(rv, btv.Account.PersonID) || len(rv.Silent) != len(rv.Members)-1 {
			t.Errorf("silent before: %d of %d", len(rv.Silent), len(rv.Members))
		}
		comments := func() int { return len(review().Comments) }

		// Only the BTV comments: a committee member cannot even read the
		// draft; once it is released, reading is not commenting.
		if _, err := dr.Comment(ctx, srv.Actor(t, "uv.mytho"), x.round.ID, model.CommentInput{Kind: model.CommentAgree}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a committee member comments on a BTV draft: %v", err)
		}
		if err := dr.Release(ctx, bithu, res); err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"uv.mytho", "vp.mytho", "tinhuy"} {
			if _, err := dr.Comment(ctx, srv.Actor(t, u), x.round.ID, model.CommentInput{Kind: model.CommentAgree}); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("%s comments: %v", u, err)
			}
		}
		if _, err := dr.Comment(ctx, srv.Actor(t, "bithu.caolanh"), x.round.ID, model.CommentInput{Kind: model.CommentAgree}); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune comments: %v", err)
		}
		for _, c := range []struct {
			name  string
			in    model.CommentInput
			field string
		}{
			{"remark without text", model.CommentInput{Kind: model.CommentRemark, Paragraph: 2, Text: "  "}, "text"},
			{"wording without paragraph", model.CommentInput{Kind: model.CommentWording, Wording: "Câu mới."}, "paragraph"},
			{"wording without wording", model.CommentInput{Kind: model.CommentWording, Paragraph: 2}, "wording"},
			{"paragraph after the last", model.CommentInput{Kind: model.CommentRemark, Paragraph: nParas + 1, Text: "x"}, "paragraph"},
			{"negative paragraph", model.CommentInput{Kind: model.CommentAgree, Paragraph: -1}, "paragraph"},
			{"unknown kind", model.CommentInput{Kind: "veto", Text: "x"}, "kind"},
			{"text too long", model.CommentInput{Kind: model.CommentRemark, Text: strings.Repeat("ý", 5001)}, "text"},
		} {
			if _, err := dr.Comment(ctx, btv, x.round.ID, c.in); testutil.FieldOf(err) != c.field {
				t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
			}
		}
		if n := comments(); n != 1 {
			t.Fatalf("refused comments were stored: %d", n)
		}
		agree, err := dr.Comment(ctx, btv, x.round.ID, model.CommentInput{Kind: model.CommentAgree})
		if err != nil || agree.Paragraph != 0 || agree.AuthorID != btv.Account.PersonID || agree.Status != model.CommentOpen {
			t.Fatalf("agreeing on the whole: %+v, %v", agree, err)
		}
		if _, err := dr.Comment(ctx, pbtt, x.round.ID, model.CommentInput{Kind: model.CommentAgree, Paragraph: 3}); err != nil {
			t.Fatal(err)
		}
		remark, err := dr.Comment(ctx, btv, x.round.ID, model.CommentInput{Kind: model.CommentRemark, Paragraph: 2, Text: "Nêu rõ số liệu thu ngân sách."})
		if err != nil {
			t.Fatal(err)
		}
		rv = review()
		if len(rv.Comments) != 4 || silent(rv, btv.Account.PersonID) || silent(rv, pbtt.Account.PersonID) || len(rv.Silent) != len(rv.Members)-2 {
			t.Errorf("after comments: %d comments, %d silent of %d", len(rv.Comments), len(rv.Silent), len(rv.Members))
		}

		// Taking the proposed wording in.
		if _, err := dr.AcceptWording(ctx, btv, x.comment.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the reviewer accepts their own wording: %v", err)
		}
		if _, err := dr.AcceptWording(ctx, bithu, remark.ID); testutil.RefusalKey(err) != "review.not_wording" {
			t.Errorf("accepting a remark as wording: %v", err)
		}
		v2, err := dr.AcceptWording(ctx, bithu, x.comment.ID)
		if err != nil {
			t.Fatal(err)
		}
		newParas := textdiff.Paragraphs(v2.Body)
		p := x.comment.Paragraph
		if v2.Number != 2 || v2.BasedOn != 1 || len(newParas) != nParas || newParas[p-1] != textdiff.Join(textdiff.Paragraphs(x.comment.Wording)) {
			t.Errorf("v%d (based on %d): paragraph %d is %q", v2.Number, v2.BasedOn, p, newParas[p-1])
		}
		for i := range newParas {
			if i != p-1 && newParas[i] != rv.Paragraphs[i] {
				t.Errorf("paragraph %d changed too", i+1)
			}
		}
		c, err := srv.App.Store.Comment(ctx, x.comment.ID)
		if err != nil || c.Status != model.CommentAccepted || c.TakenInVersion != 2 || c.RespondedBy != "bithu.mytho" {
			t.Errorf("the accepted comment: %+v, %v", c, err)
		}
		diff, err := dr.Compare(ctx, srv.Actor(t, "uv.mytho"), res, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		// Only paragraph p differs. (The demo's wording does not resemble
		// the paragraph it is proposed for, so the difference shows as the
		// paragraph removed and another inserted: see
		// TestDemoWordingFitsItsParagraph; a wording that fits is checked
		// below.)
		for _, e := range diff {
			if e.Op != textdiff.Equal && e.Old != p && e.New != p {
				t.Errorf("compare v1, v2: paragraph %d/%d differs too", e.Old, e.New)
			}
		}
		if added, removed, changed := textdiff.Stats(diff); !(changed == 1 && added == 0 && removed == 0) && !(changed == 0 && added == 1 && removed == 1) {
			t.Errorf("compare v1, v2: %d changed, %d added, %d removed", changed, added, removed)
		}
		if _, err := dr.AcceptWording(ctx, bithu, x.comment.ID); testutil.RefusalKey(err) != "review.already_answered" {
			t.Errorf("accepting twice: %v", err)
		}

		// Answering a comment.
		for _, c := range []struct {
			name  string
			user  string
			in    model.CommentResponse
			check func(error) bool
		}{
			{"reject without a reason", "bithu.mytho", model.CommentResponse{Status: model.CommentRejected, Response: " "},
				func(err error) bool { return testutil.FieldOf(err) == "response" }},
			{"answer without text", "pbtt.mytho", model.CommentResponse{Status: model.CommentAnswered},
				func(err error) bool { return testutil.FieldOf(err) == "response" }},
			{"unknown status", "bithu.mytho", model.CommentResponse{Status: model.CommentOpen},
				func(err error) bool { return testutil.FieldOf(err) == "status" }},
			{"by the reviewer", "btv.mytho", model.CommentResponse{Status: model.CommentAccepted},
				func(err error) bool { return errors.Is(err, model.ErrForbidden) }},
			{"by a committee member", "uv.mytho", model.CommentResponse{Status: model.CommentAccepted},
				func(err error) bool { return errors.Is(err, model.ErrForbidden) }},
			{"reject with a reason", "bithu.mytho", model.CommentResponse{Status: model.CommentRejected, Response: "Số liệu đã có trong báo cáo."},
				func(err error) bool { return err == nil }},
			{"answer again", "pbtt.mytho", model.CommentResponse{Status: model.CommentAccepted},
				func(err error) bool { return testutil.RefusalKey(err) == "review.already_answered" }},
		} {
			if err := dr.Respond(ctx, srv.Actor(t, c.user), remark.ID, c.in); !c.check(err) {
				t.Errorf("respond, %s: %v", c.name, err)
			}
		}
		if c, _ := srv.App.Store.Comment(ctx, remark.ID); c.Status != model.CommentRejected || c.Response != "Số liệu đã có trong báo cáo." || c.RespondedBy != "bithu.mytho" {
			t.Errorf("the answered remark: %+v", c)
		}

		// Opening rounds.
		in3days := srv.Clock.Now().Add(72 * time.Hour)
		if _, err := dr.OpenRound(ctx, btv, res, in3days); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a BTV member opens a round: %v", err)
		}
		if _, err := dr.OpenRound(ctx, srv.Actor(t, "vp.mytho"), res, in3days); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the office opens a round: %v", err)
		}
		if _, err := dr.OpenRound(ctx, bithu, res, in3days); testutil.RefusalKey(err) != "review.already_open" {
			t.Errorf("a second round while one is open: %v", err)
		}
		if _, err := dr.OpenRound(ctx, bithu, res, srv.Clock.Now()); testutil.FieldOf(err) != "deadline" {
			t.Errorf("a deadline now: %v", err)
		}
		if _, err := dr.OpenRound(ctx, bithu, res, srv.Clock.Now().Add(-time.Hour)); testutil.FieldOf(err) != "deadline" {
			t.Errorf("a deadline in the past: %v", err)
		}
		if rs, _ := dr.Rounds(ctx, bithu, res); len(rs) != 1 {
			t.Errorf("refused rounds were opened: %d", len(rs))
		}

		// The deadline passes: comments are refused; the sweep closes the round.
		srv.Clock.Advance(x.round.Deadline.Sub(srv.Clock.Now()) + time.Minute)
		if _, err := dr.Comment(ctx, pbtt, x.round.ID, model.CommentInput{Kind: model.CommentAgree}); testutil.RefusalKey(err) != "review.closed" {
			t.Errorf("a comment after the deadline: %v", err)
		}
		if review().Open {
			t.Error("the round is open after its deadline")
		}
		n, err := dr.CloseDue(ctx)
		if err != nil || n != 1 {
			t.Errorf("CloseDue closed %d: %v", n, err)
		}
		rs, err := dr.Rounds(ctx, bithu, res)
		if err != nil || len(rs) != 1 || rs[0].ClosedAt == nil || !rs[0].ClosedAt.Equal(x.round.Deadline) { // closed as of its deadline
			t.Errorf("rounds after CloseDue: %+v, %v", rs, err)
		}
		if n, _ := dr.CloseDue(ctx); n != 0 {
			t.Errorf("CloseDue closed %d more", n)
		}

		// A new round on the new version asks every BTV member again.
		jobs0, _ := srv.App.Store.JobsByKind(ctx, drafting.ReviewJob)
		r2, err := dr.OpenRound(ctx, bithu, res, srv.Clock.Now().Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if r2.Version != 2 || r2.OpenedBy != bithu.Account.ID {
			t.Errorf("the new round: %+v", r2)
		}
		jobs1, _ := srv.App.Store.JobsByKind(ctx, drafting.ReviewJob)
		if len(jobs1)-len(jobs0) != len(rv.Members) {
			t.Errorf("%d review mails queued for %d BTV members", len(jobs1)-len(jobs0), len(rv.Members))
		}
		notices, err := srv.App.Store.Notices(ctx, btv.Account.ID, 10)
		if err != nil || len(notices) == 0 || notices[0].Link != fmt.Sprintf("/documents/%d", res) {
			t.Errorf("btv.mytho's notices: %+v, %v", notices, err)
		}
		if _, err := dr.Comment(ctx, pbtt, r2.ID, model.CommentInput{Kind: model.CommentAgree}); err != nil {
			t.Errorf("commenting in the new round: %v", err)
		}
		// A wording that rewrites its paragraph shows as one changed paragraph.
		old2 := rv.Paragraphs[1]
		w, err := dr.Comment(ctx, btv, r2.ID, model.CommentInput{Kind: model.CommentWording, Paragraph: 2,
			Wording: strings.Replace(old2, "thu ngân sách đạt tiến độ", "thu ngân sách đạt 85% dự toán năm", 1)})
		if err != nil {
			t.Fatal(err)
		}
		v3, err := dr.AcceptWording(ctx, bithu, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		diff, err = dr.Compare(ctx, bithu, res, 2, v3.Number)
		if err != nil {
			t.Fatal(err)
		}
		var changedParas []textdiff.Para
		for _, e := range diff {
			if e.Op != textdiff.Equal {
				changedParas = append(changedParas, e)
			}
		}
		if len(changedParas) != 1 || changedParas[0].Op != textdiff.Change || changedParas[0].Old != 2 || changedParas[0].New != 2 ||
			changedParas[0].NewText != w.Wording {
			t.Errorf("compare v2, v3: %+v", changedParas)
		}
		if c, _ := srv.App.Store.Comment(ctx, w.ID); c.TakenInVersion != v3.Number || c.Status != model.CommentAccepted {
			t.Errorf("the accepted wording: %+v", c)
		}
	})
}

// TestDemoWordingFitsItsParagraph: the demo's proposed wording is for the
// paragraph the comment names.
func TestDemoWordingFitsItsParagraph(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		x := findDemo(t, srv)
		v1, err := srv.App.Store.Version(ctx, x.resolution.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		paras := textdiff.Paragraphs(v1.Body)
		best, at := -1.0, 0
		for i, p := range paras {
			if s := textdiff.Similarity(p, x.comment.Wording); s > best {
				best, at = s, i+1
			}
		}
		if at != x.comment.Paragraph {
			t.Errorf("the wording is for paragraph %d (%q), the comment names paragraph %d", at, paras[at-1], x.comment.Paragraph)
		}
		// Taken in, it should read as one paragraph reworded.
		bithu := srv.Actor(t, "bithu.mytho")
		v2, err := srv.App.Drafting.AcceptWording(ctx, bithu, x.comment.ID)
		if err != nil {
			t.Fatal(err)
		}
		diff, err := srv.App.Drafting.Compare(ctx, bithu, x.resolution.ID, 1, v2.Number)
		if err != nil {
			t.Fatal(err)
		}
		if added, removed, changed := textdiff.Stats(diff); changed != 1 || added != 0 || removed != 0 {
			t.Errorf("taking the wording in: %d paragraphs changed, %d added, %d removed; want one changed", changed, added, removed)
		}
	})
}

// TestProposals: BTV members bring issues, the deputies assessments; the
// leaders dispose of each, once.
func TestProposals(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		x := findDemo(t, srv)
		bithu, btv := srv.Actor(t, "bithu.mytho"), srv.Actor(t, "btv.mytho")
		list := func() []model.Proposal {
			t.Helper()
			_, ps, err := dr.Proposals(ctx, bithu, x.btv.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ps
		}
		if n := len(list()); n != 2 {
			t.Fatalf("the demo has %d proposals", n)
		}
		issue := model.ProposalInput{Kind: model.ProposalIssue, Category: model.CategoryOrganisation, Title: "Kiện toàn chi bộ khu phố 5", Body: "Chi bộ thiếu bí thư."}
		for _, c := range []struct {
			name  string
			user  string
			in    model.ProposalInput
			check func(error) bool
		}{
			{"by a committee member", "uv.mytho", issue, func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
			{"by the office", "vp.mytho", issue, func(err error) bool { return errors.Is(err, model.ErrForbidden) }},
			{"by the province", "tinhuy", issue, func(err error) bool { return errors.Is(err, model.ErrForbidden) }},
			{"by another commune", "bithu.caolanh", issue, func(err error) bool { return errors.Is(err, model.ErrNotFound) }},
			{"assessment by a member who is no deputy", "btv.mytho",
				model.ProposalInput{Kind: model.ProposalAssessment, Title: "Đánh giá lĩnh vực"}, func(err error) bool { return testutil.FieldOf(err) == "kind" }},
			{"assessment by the Bí thư", "bithu.mytho",
				model.ProposalInput{Kind: model.ProposalAssessment, Title: "Đánh giá lĩnh vực"}, func(err error) bool { return testutil.FieldOf(err) == "kind" }},
			{"unknown kind", "btv.mytho", model.ProposalInput{Kind: "wish", Title: "x"}, func(err error) bool { return testutil.FieldOf(err) == "kind" }},
			{"unknown category", "btv.mytho", model.ProposalInput{Kind: model.ProposalIssue, Category: "sports", Title: "x"},
				func(err error) bool { return testutil.FieldOf(err) == "category" }},
			{"no title", "btv.mytho", model.ProposalInput{Kind: model.ProposalIssue, Category: model.CategoryOther, Title: "  "},
				func(err error) bool { return testutil.FieldOf(err) == "title" }},
		} {
			if _, err := dr.Propose(ctx, srv.Actor(t, c.user), x.btv.ID, c.in); !c.check(err) {
				t.Errorf("propose, %s: %v", c.name, err)
			}
		}
		if _, err := dr.Propose(ctx, bithu, x.meeting.ID, issue); testutil.RefusalKey(err) != "proposal.standing_only" {
			t.Errorf("a proposal to a BCH meeting: %v", err)
		}
		if n := len(list()); n != 2 {
			t.Fatalf("refused proposals were stored: %d", n)
		}
		p3, err := dr.Propose(ctx, btv, x.btv.ID, issue)
		if err != nil {
			t.Fatal(err)
		}
		p4, err := dr.Propose(ctx, srv.Actor(t, "pbtt.mytho"), x.btv.ID, model.ProposalInput{Kind: model.ProposalAssessment,
			Category: model.CategoryOther, Title: "Đánh giá công tác dân vận"})
		if err != nil {
			t.Fatal(err)
		}
		if p3.AuthorID != btv.Account.PersonID || p3.Category != model.CategoryOrganisation || p4.Category != model.CategoryManagement {
			t.Errorf("stored proposals: %+v, %+v", p3, p4)
		}
		ps := list()
		if len(ps) != 4 {
			t.Fatalf("%d proposals", len(ps))
		}

		// Disposing.
		today := model.DateOf(srv.Clock.Now().In(vntext.Location()))
		tomorrow := model.DateOf(srv.Clock.Now().In(vntext.Location()).AddDate(0, 0, 1))
		yesterday := model.DateOf(srv.Clock.Now().In(vntext.Location()).AddDate(0, 0, -1))
		resolution := x.resolution.ID
		for _, c := range []struct {
			name  string
			in    model.DispositionInput
			field string
		}{
			{"decided without the decision", model.DispositionInput{Disposition: model.DispositionDecided, Text: " "}, "text"},
			{"declined without a reason", model.DispositionInput{Disposition: model.DispositionDeclined}, "text"},
			{"deferred to today", model.DispositionInput{Disposition: model.DispositionDeferred, DeferredTo: today}, "deferred_to"},
			{"deferred to yesterday", model.DispositionInput{Disposition: model.DispositionDeferred, DeferredTo: yesterday}, "deferred_to"},
			{"deferred without a date", model.DispositionInput{Disposition: model.DispositionDeferred}, "deferred_to"},
			{"into the BTV note", model.DispositionInput{Disposition: model.DispositionResolution, ResolutionDocID: x.note.ID, ResolutionParagraph: 1}, "resolution_document_id"},
			{"into the report", model.DispositionInput{Disposition: model.DispositionResolution, ResolutionDocID: x.report.ID, ResolutionParagraph: 1}, "resolution_document_id"},
			{"into no paper", model.DispositionInput{Disposition: model.DispositionResolution, ResolutionParagraph: 1}, "resolution_document_id"},
			{"into an unknown paper", model.DispositionInput{Disposition: model.DispositionResolution, ResolutionDocID: 1 << 40, ResolutionParagraph: 1}, "resolution_document_id"},
			{"into paragraph 0", model.DispositionInput{Disposition: model.DispositionResolution, ResolutionDocID: resolution}, "resolution_paragraph"},
			{"into a paragraph after the last", model.DispositionInput{Disposition: model.DispositionResolution, ResolutionDocID: resolution, ResolutionParagraph: 99}, "resolution_paragraph"},
			{"unknown disposition", model.DispositionInput{Disposition: "ignored"}, "disposition"},
		} {
			if _, err := dr.Dispose(ctx, bithu, ps[0].ID, c.in); testutil.FieldOf(err) != c.field {
				t.Errorf("dispose, %s: %v, want a problem with %s", c.name, err, c.field)
			}
		}
		decided := model.DispositionInput{Disposition: model.DispositionDecided, Text: "Giao Ban Tổ chức thực hiện trong tháng."}
		if _, err := dr.Dispose(ctx, btv, ps[0].ID, decided); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a BTV member disposes: %v", err)
		}
		if _, err := dr.Dispose(ctx, srv.Actor(t, "vp.mytho"), ps[0].ID, decided); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the office disposes: %v", err)
		}
		if _, err := dr.Dispose(ctx, srv.Actor(t, "uv.mytho"), ps[0].ID, decided); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a committee member disposes: %v", err)
		}
		for _, p := range list() {
			if p.Disposition != model.DispositionNone {
				t.Fatalf("a refused disposition was stored: %+v", p)
			}
		}
		want := map[int64]model.DispositionInput{
			ps[0].ID: decided,
			ps[1].ID: {Disposition: model.DispositionResolution, ResolutionDocID: resolution, ResolutionParagraph: 6},
			ps[2].ID: {Disposition: model.DispositionDeferred, DeferredTo: tomorrow},
			ps[3].ID: {Disposition: model.DispositionDeclined, Text: "Đã có trong chương trình kiểm tra năm."},
		}
		for id, in := range want {
			user := bithu
			if id == ps[1].ID {
				user = srv.Actor(t, "pbtt.mytho")
			}
			got, err := dr.Dispose(ctx, user, id, in)
			if err != nil || got.Disposition != in.Disposition {
				t.Errorf("dispose %d as %s: %+v, %v", id, in.Disposition, got, err)
			}
		}
		for _, p := range list() {
			in := want[p.ID]
			wantBy := "bithu.mytho"
			if p.ID == ps[1].ID {
				wantBy = "pbtt.mytho"
			}
			if p.Disposition != in.Disposition || p.DispositionText != in.Text || p.DeferredTo != in.DeferredTo ||
				p.ResolutionDocID != in.ResolutionDocID || p.ResolutionParagraph != in.ResolutionParagraph ||
				p.DisposedBy != wantBy || p.DisposedAt == nil || !p.DisposedAt.Equal(srv.Clock.Now()) {
				t.Errorf("stored disposition of %q: %+v, want %+v", p.Title, p, in)
			}
		}
		if _, err := dr.Dispose(ctx, bithu, ps[0].ID, model.DispositionInput{Disposition: model.DispositionDeclined, Text: "Đổi ý."}); testutil.RefusalKey(err) != "proposal.already_disposed" {
			t.Errorf("disposing twice: %v", err)
		}
		if p, _ := srv.App.Store.Proposal(ctx, ps[0].ID); p.Disposition != model.DispositionDecided {
			t.Errorf("disposing twice changed it to %s", p.Disposition)
		}
	})
}

// TestCirculation: sending the invitation convenes an approved meeting,
// releases its BCH papers, and records, notifies and mails every recipient;
// late sending is allowed and flagged.
func TestCirculation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServer(t, d)
		dr := srv.App.Drafting
		st := srv.App.Store
		x := findDemo(t, srv)
		bithu := srv.Actor(t, "bithu.mytho")
		if _, err := dr.Send(ctx, bithu, x.meeting.ID); testutil.RefusalKey(err) != "circulation.not_approved" {
			t.Errorf("sending a meeting under review: %v", err)
		}
		if cs, _ := st.Circulations(ctx, x.meeting.ID); len(cs) != 0 {
			t.Errorf("a refused send recorded %d circulations", len(cs))
		}

		// Who gets it: the BCH members who take part in its work, the
		// chair, the meeting's secretary and the invited people.
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		members, err := st.BodyMembers(ctx, bch.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{}
		exempted := 0
		for _, m := range members {
			switch m.Status {
			case model.StatusExempted, model.StatusSuspended, model.StatusProsecuted:
				exempted++
				continue
			}
			want[m.PersonID] = "member"
		}
		if exempted != 1 {
			t.Errorf("the demo BCH has %d members not taking part, want 1", exempted)
		}
		chair, secretary, guest := srv.PersonOf(t, "bithu.mytho"), srv.PersonOf(t, "uv.mytho"), srv.PersonOf(t, "vp.mytho")
		want[chair], want[secretary], want[guest] = "chair", "secretary", "guest"

		start := testutil.VNAt(2026, time.March, 20, 8) // ten days ahead
		m := newMeeting(t, srv, model.MeetingInput{StartsAt: start, ChairID: chair, SecretaryID: secretary, GuestIDs: []int64{guest}})
		committee := text(t, srv, m.ID, model.DocResolution, model.AudienceCommittee, "Dự thảo Nghị quyết tháng 3", "Đoạn một.\n\nĐoạn hai.")
		guests := text(t, srv, m.ID, model.DocSubmission, model.AudienceGuests, "Tờ trình", "Kính trình.")
		standing := text(t, srv, m.ID, model.DocOther, model.AudienceStanding, "Ghi chú BTV", "Chỉ BTV.")
		if _, err := dr.Send(ctx, bithu, m.ID); testutil.RefusalKey(err) != "circulation.not_approved" {
			t.Errorf("sending a draft meeting: %v", err)
		}
		approve(t, srv, m.ID)

		c, err := dr.Circulation(ctx, bithu, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Sent || c.Late || c.Setting.Value != 3 || !c.Deadline.Equal(start.Add(-72*time.Hour)) || len(c.Recipients) != len(want) {
			t.Errorf("before sending: sent %v, late %v, setting %d, deadline %s, %d recipients (want %d)",
				c.Sent, c.Late, c.Setting.Value, c.Deadline, len(c.Recipients), len(want))
		}

		jobs0, _ := st.JobsByKind(ctx, drafting.InviteJob)
		uvAcc := srv.Actor(t, "uv.mytho").Account.ID
		notices0, _ := st.Notices(ctx, uvAcc, 100)
		// A committee member may not send: nothing is recorded.
		if _, err := dr.Send(ctx, srv.Actor(t, "uv.mytho"), m.ID); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a committee member sends: %v", err)
		}
		if cs, _ := st.Circulations(ctx, m.ID); len(cs) != 0 {
			t.Errorf("a refused send recorded %d circulations", len(cs))
		}
		if j, _ := st.JobsByKind(ctx, drafting.InviteJob); len(j) != len(jobs0) {
			t.Errorf("a refused send queued %d mails", len(j)-len(jobs0))
		}
		if got, _ := st.Meeting(ctx, m.ID); got.State != model.StateApproved {
			t.Errorf("a refused send left the meeting %s", got.State)
		}
		if doc, _ := st.Document(ctx, committee.ID); doc.Released {
			t.Error("a refused send released the papers")
		}

		srv.Clock.Advance(time.Hour)
		sentAt := srv.Clock.Now()
		c, err = dr.Send(ctx, srv.Actor(t, "vp.mytho"), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Sent || c.Late {
			t.Errorf("sent ten days ahead: sent %v, late %v", c.Sent, c.Late)
		}
		got, _ := st.Meeting(ctx, m.ID)
		if got.State != model.StateConvened || got.ConvenedAt == nil || !got.ConvenedAt.Equal(sentAt) {
			t.Errorf("after sending: %s, convened at %v", got.State, got.ConvenedAt)
		}
		for _, p := range []struct {
			doc      int64
			released bool
		}{{committee.ID, true}, {guests.ID, true}, {standing.ID, false}} {
			if doc, _ := st.Document(ctx, p.doc); doc.Released != p.released {
				t.Errorf("paper %q released: %v", doc.Title, doc.Released)
			}
		}
		if _, _, err := dr.Document(ctx, srv.Actor(t, "uv.mytho"), committee.ID); err != nil {
			t.Errorf("a committee member cannot read the sent papers: %v", err)
		}
		cs, err := st.Circulations(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		gotRoles := map[int64]string{}
		for _, c := range cs {
			gotRoles[c.PersonID] = c.Role
			if !c.SentAt.Equal(sentAt) || c.OpenedAt != nil {
				t.Errorf("circulation to %d: sent %s, opened %v", c.PersonID, c.SentAt, c.OpenedAt)
			}
		}
		if len(cs) != len(want) {
			t.Errorf("%d recipients, want %d", len(cs), len(want))
		}
		for p, role := range want {
			if gotRoles[p] != role {
				t.Errorf("person %d: role %q, want %q", p, gotRoles[p], role)
			}
		}
		for _, mb := range members {
			if mb.Status == model.StatusExempted {
				if _, ok := gotRoles[mb.PersonID]; ok {
					t.Errorf("the exempted member %s was sent the papers", mb.Person.FullName)
				}
			}
		}
		// In-app notices for those with an account, a mail for everyone.
		notices, _ := st.Notices(ctx, uvAcc, 100)
		if len(notices) != len(notices0)+1 || notices[0].Link != fmt.Sprintf("/meetings/%d", m.ID) || notices[0].Title == "" {
			t.Errorf("uv.mytho's notices: %d before, %+v after", len(notices0), notices)
		}
		if ns, _ := st.Notices(ctx, srv.Actor(t, "vp.mytho").Account.ID, 1); len(ns) != 1 || ns[0].Link != fmt.Sprintf("/meetings/%d", m.ID) {
			t.Errorf("the invited guest's notices: %+v", ns)
		}
		jobs, _ := st.JobsByKind(ctx, drafting.InviteJob)
		mailed := map[int64]int{}
		for _, j := range jobs[len(jobs0):] {
			var p drafting.MailPayload
			if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
				t.Fatal(err)
			}
			if p.MeetingID != m.ID {
				t.Errorf("a mail for meeting %d", p.MeetingID)
			}
			mailed[p.PersonID]++
		}
		if len(jobs)-len(jobs0) != len(want) || len(mailed) != len(want) {
			t.Errorf("%d mails queued for %d people, want %d", len(jobs)-len(jobs0), len(mailed), len(want))
		}
		c, err = dr.Circulation(ctx, srv.Actor(t, "uv.mytho"), m.ID)
		if err != nil || !c.Sent || c.Late || len(c.Recipients) != len(want) {
			t.Errorf("circulation after sending: %+v, %v", c, err)
		}
		ms, err := srv.App.Meetings.Upcoming(ctx, srv.Actor(t, "uv.mytho"), 10)
		if err != nil || !slices.ContainsFunc(ms, func(x model.Meeting) bool { return x.ID == m.ID }) {
			t.Errorf("uv.mytho's upcoming meetings: %d, %v", len(ms), err)
		}

		// Opening: the first time is kept.
		uv := srv.Actor(t, "uv.mytho")
		srv.Clock.Advance(2 * time.Hour)
		opened := srv.Clock.Now()
		if err := dr.Opened(ctx, uv, m.ID); err != nil {
			t.Fatal(err)
		}
		srv.Clock.Advance(time.Hour)
		if err := dr.Opened(ctx, uv, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := dr.Opened(ctx, srv.Actor(t, "bithu.caolanh"), m.ID); err != nil {
			t.Errorf("opening by someone not sent the papers: %v", err)
		}
		if rec, err := st.Circulation(ctx, m.ID, secretary); err != nil || rec.OpenedAt == nil || !rec.OpenedAt.Equal(opened) {
			t.Errorf("uv.mytho opened at %v, want %s (%v)", rec, opened, err)
		}
		if rec, _ := st.Circulation(ctx, m.ID, chair); rec.OpenedAt != nil {
			t.Errorf("the chair opened at %v without opening", rec.OpenedAt)
		}

		if _, err := dr.Send(ctx, bithu, m.ID); testutil.RefusalKey(err) != "circulation.not_approved" {
			t.Errorf("sending twice: %v", err)
		}
		if cs2, _ := st.Circulations(ctx, m.ID); len(cs2) != len(cs) {
			t.Errorf("sending twice recorded %d more", len(cs2)-len(cs))
		}

		// A day ahead is later than the commune's three days: sent, and late.
		soon := newMeeting(t, srv, model.MeetingInput{Kind: model.MeetingExtraordinary, StartsAt: srv.Clock.Now().Add(24 * time.Hour)})
		approve(t, srv, soon.ID)
		c, err = dr.Circulation(ctx, bithu, soon.ID)
		if err != nil || !c.Late || c.Sent {
			t.Errorf("before sending a day ahead: late %v, sent %v, %v", c.Late, c.Sent, err)
		}
		c, err = dr.Send(ctx, bithu, soon.ID)
		if err != nil || !c.Sent || !c.Late {
			t.Fatalf("sent a day ahead: %+v, %v", c, err)
		}
		if c, _ := dr.Circulation(ctx, bithu, soon.ID); !c.Late || !c.Sent {
			t.Errorf("read back: late %v, sent %v", c.Late, c.Sent)
		}
		if got, _ := st.Meeting(ctx, soon.ID); got.State != model.StateConvened {
			t.Errorf("sent late, the meeting is %s", got.State)
		}
	})
}
