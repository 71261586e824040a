package record_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/demo"
	"nghisu/internal/model"
	"nghisu/internal/record"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

// held is Mỹ Tho's thematic BCH meeting of the demo, held and adjourned:
// a roll call with one member excused, a speech on the second item with
// its substance, a show-of-hands vote, a question answered, a conclusion.
type held struct {
	srv       *testutil.Server
	svc       *record.Service
	m         *model.Meeting
	chair     *auth.Actor // bithu.mytho
	secretary *auth.Actor // thuky.mytho
}

func hold(t *testing.T, d *db.DB) *held {
	t.Helper()
	srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
	h := &held{srv: srv, svc: srv.App.Record, chair: srv.Actor(t, "bithu.mytho"), secretary: srv.Actor(t, "thuky.mytho")}
	st, sess := srv.App.Store, srv.App.Session
	bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
	ms, err := st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{bch.ID}, Kind: model.MeetingThematic})
	if err != nil || len(ms) != 1 {
		t.Fatalf("the demo's thematic meeting: %d, %v", len(ms), err)
	}
	if h.m, err = srv.App.Meetings.Get(ctx, h.chair, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	if h.m.SecretaryID != h.secretary.Account.PersonID || h.m.ChairID != h.chair.Account.PersonID {
		t.Fatal("the demo meeting's chair and secretary are not bithu.mytho and thuky.mytho")
	}
	members, err := st.BodyMembers(ctx, bch.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	excused := int64(0)
	for _, ms := range members {
		in := model.AttendanceInput{Status: model.AttendPresent}
		if ms.PersonID != h.chair.Account.PersonID && ms.PersonID != h.secretary.Account.PersonID && excused == 0 &&
			ms.Status == model.StatusIncumbent {
			in, excused = model.AttendanceInput{Status: model.AttendExcused, Reason: "Đi công tác tỉnh"}, ms.PersonID
		}
		if err := sess.RecordAttendance(ctx, h.chair, h.m.ID, ms.PersonID, in); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(sess.Open(ctx, h.chair, h.m.ID))
	must(sess.GoTo(ctx, h.chair, h.m.ID, 1, 0))
	sp, err := sess.AddSpeaker(ctx, h.chair, h.m.ID, srv.PersonOf(t, "uv.mytho"), model.SpeechNormal)
	must(err)
	must(sess.GiveFloor(ctx, h.chair, sp.ID))
	srv.Clock.Advance(3 * time.Minute)
	must(sess.EndSpeech(ctx, h.chair, sp.ID))
	must(sess.SetSubstance(ctx, h.secretary, sp.ID, "Đề nghị bổ sung chỉ tiêu 100% hồ sơ trực tuyến."))
	q, err := sess.Ask(ctx, srv.Actor(t, "uv.mytho"), h.m.ID, model.QuestionInput{Addressee: model.AskStanding, Text: "Vì sao chậm giải ngân vốn đầu tư công?"})
	must(err)
	must(sess.PutOnFloor(ctx, h.chair, h.m.ID, q.ID))
	must(sess.Answer(ctx, h.chair, q.ID, model.AnswerInput{Answer: "Do vướng mặt bằng; sẽ xong trong quý II.", AnsweredBy: h.chair.Account.PersonID}))
	p, err := sess.OpenPoll(ctx, h.chair, h.m.ID, model.PollInput{Title: "Thông qua Nghị quyết chuyên đề", DecisionKind: model.DecideOrdinary, Method: model.MethodOpen})
	must(err)
	_, err = sess.ClosePoll(ctx, h.chair, p.ID, &model.Tally{For: 25, Against: 1, Abstain: 1})
	must(err)
	items, err := st.Items(ctx, h.m.ID)
	must(err)
	must(sess.Conclude(ctx, h.chair, items[1].ID, true, "Hội nghị thống nhất thông qua nghị quyết."))
	srv.Clock.Advance(2 * time.Hour)
	must(sess.Adjourn(ctx, h.chair, h.m.ID))
	return h
}

func TestMinutesSignedIntoTheBook(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		h := hold(t, d)
		srv, svc := h.srv, h.svc
		uv := srv.Actor(t, "uv.mytho")
		// The demo's past meetings have their minutes in the book already.
		past, _, err := svc.Documents(ctx, h.chair, h.m.Body.OrgID, record.RegisterFilter{Type: model.TypeMinutes})
		if err != nil || len(past) == 0 {
			t.Fatalf("the demo's signed minutes: %d, %v", len(past), err)
		}
		pastBook, err := svc.Book(ctx, uv, h.m.BodyID)
		if err != nil || !pastBook.Check.OK() {
			t.Fatalf("the demo's book: %v, %v", pastBook, err)
		}
		n := len(pastBook.Entries)

		// The draft writes itself from what happened.
		v, err := svc.Minutes(ctx, h.secretary, h.m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Minutes != nil || !v.CanEdit || v.SignAs != model.RoleSecretary {
			t.Fatalf("first view: saved %v, can edit %v, signs as %q", v.Minutes != nil, v.CanEdit, v.SignAs)
		}
		for _, want := range []string{
			"Chủ trì: đồng chí ", "Thư ký: đồng chí ",
			"Có mặt 27/28 đồng chí Ủy viên Ban Chấp hành đương nhiệm.",
			"(có lý do: Đi công tác tỉnh).",
			"Đề nghị bổ sung chỉ tiêu 100% hồ sơ trực tuyến.",
			"chất vấn Ban Thường vụ: Vì sao chậm giải ngân vốn đầu tư công?",
			"+ Trả lời: Do vướng mặt bằng; sẽ xong trong quý II.",
			"+ Tán thành: 25/28 (89,3%); không tán thành: 1/28 (3,6%); không biểu quyết: 1/28 (3,6%); số đồng chí đương nhiệm: 28.",
			"+ Kết quả: thông qua.",
			"Kết luận của đồng chí chủ trì: Hội nghị thống nhất thông qua nghị quyết.",
			"Hội nghị kết thúc lúc ",
		} {
			if !strings.Contains(v.Text, want) {
				t.Errorf("the draft lacks %q:\n%s", want, v.Text)
			}
		}
		// A plain member does not read a draft.
		if v, err := svc.Minutes(ctx, uv, h.m.ID); err != nil || v.Text != "" || v.Minutes != nil {
			t.Errorf("a member reads the draft: %q, %v", v.Text, err)
		}

		// The secretary corrects a speech and saves.
		text := strings.Replace(v.Text, "100% hồ sơ trực tuyến", "100% hồ sơ trực tuyến toàn trình", 1)
		if _, err := svc.Save(ctx, uv, h.m.ID, 0, text, 0); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member saves the minutes: %v", err)
		}
		x, err := svc.Save(ctx, h.secretary, h.m.ID, 0, text, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Save(ctx, h.chair, h.m.ID, x.ID, text+"\nThêm.", x.Version-1); testutil.RefusalKey(err) != "record.changed_since" {
			t.Errorf("a save from an old version: %v", err)
		}
		if _, err := svc.Save(ctx, h.chair, h.m.ID, x.ID, "  \n ", x.Version); testutil.FieldOf(err) != "text" {
			t.Errorf("an empty text: %v", err)
		}

		// Signing: only the chair and the secretary, with their password.
		if _, err := svc.Sign(ctx, uv, x.ID, demo.Password); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a member signs a draft they cannot read: %v", err)
		}
		if _, err := svc.Sign(ctx, srv.Actor(t, "vp.mytho"), x.ID, demo.Password); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("the office signs: %v", err)
		}
		if _, err := svc.Sign(ctx, h.secretary, x.ID, "sai-mat-khau"); testutil.FieldOf(err) != "password" {
			t.Errorf("a wrong password: %v", err)
		}
		if x, err = svc.Sign(ctx, h.secretary, x.ID, demo.Password); err != nil {
			t.Fatal(err)
		}
		if x.State != model.MinutesDraft || x.SignedBy(model.RoleSecretary) == nil {
			t.Fatalf("after the secretary: %s, %+v", x.State, x.Signatures)
		}
		if _, err := svc.Sign(ctx, h.secretary, x.ID, demo.Password); testutil.RefusalKey(err) != "record.already_signed" {
			t.Errorf("signing twice: %v", err)
		}
		// A signature freezes the text.
		if _, err := svc.Save(ctx, h.chair, h.m.ID, x.ID, text+"\nThêm.", x.Version); testutil.RefusalKey(err) != "record.signed_by" {
			t.Errorf("editing signed minutes: %v", err)
		}
		// Taken back and given again.
		if err := svc.Unsign(ctx, h.secretary, x.ID); err != nil {
			t.Fatal(err)
		}
		if x, err = svc.Sign(ctx, h.secretary, x.ID, demo.Password); err != nil {
			t.Fatal(err)
		}
		if x, err = svc.Sign(ctx, h.chair, x.ID, demo.Password); err != nil {
			t.Fatal(err)
		}

		// Final: numbered, in the book, the meeting signed, never edited.
		if x.State != model.MinutesFinal {
			t.Fatalf("after both: %s", x.State)
		}
		v, err = svc.Minutes(ctx, uv, h.m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Minutes == nil || v.Issued == nil || v.Issued.Symbol != fmt.Sprintf("%02d-BB/ĐU", len(past)+1) || v.Entry == nil || v.Entry.Seq != n+1 {
			t.Fatalf("a member reads the final minutes: %+v", v)
		}
		if !strings.Contains(v.Text, "toàn trình") {
			t.Error("the final text is not the one signed")
		}
		if m, _ := srv.App.Meetings.Get(ctx, h.chair, h.m.ID); m.State != model.StateSigned {
			t.Errorf("the meeting is %s, want signed", m.State)
		}
		if _, err := svc.Save(ctx, h.chair, h.m.ID, x.ID, text+"\nThêm.", x.Version); testutil.RefusalKey(err) != "record.final" {
			t.Errorf("editing final minutes: %v", err)
		}
		if err := svc.Unsign(ctx, h.chair, x.ID); testutil.RefusalKey(err) != "record.not_signed" {
			t.Errorf("taking back a final signature: %v", err)
		}

		// A correction is an addendum, signed the same way, after them in the book.
		if _, err := svc.AddAddendum(ctx, uv, h.m.ID, "Sửa lỗi chính tả."); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member adds an addendum: %v", err)
		}
		ad, err := svc.AddAddendum(ctx, h.secretary, h.m.ID, "Đính chính: đồng chí phát biểu lúc 14 giờ 20 phút.")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*auth.Actor{h.chair, h.secretary} {
			if ad, err = svc.Sign(ctx, a, ad.ID, demo.Password); err != nil {
				t.Fatal(err)
			}
		}
		book, err := svc.Book(ctx, uv, h.m.BodyID)
		if err != nil {
			t.Fatal(err)
		}
		if len(book.Entries) != n+2 || !book.Check.OK() || book.Entries[n+1].PrevHash != book.Entries[n].Hash {
			t.Fatalf("the book: %d entries, check %+v", len(book.Entries), book.Check)
		}
		docs, _, err := svc.Documents(ctx, h.chair, h.m.Body.OrgID, record.RegisterFilter{Type: model.TypeMinutes})
		if err != nil || len(docs) != len(past)+2 || docs[0].Symbol != fmt.Sprintf("%02d-BB/ĐU", len(past)+2) {
			t.Fatalf("the register's BB: %+v, %v", docs, err)
		}
		// Another commune's secretary sees no book.
		if _, err := svc.Book(ctx, srv.Actor(t, "bithu.caolanh"), h.m.BodyID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune reads the book: %v", err)
		}
	})
}

// sign makes the held meeting's minutes final.
func (h *held) sign(t *testing.T) *model.Minutes {
	t.Helper()
	v, err := h.svc.Minutes(ctx, h.secretary, h.m.ID)
	if err != nil {
		t.Fatal(err)
	}
	x, err := h.svc.Save(ctx, h.secretary, h.m.ID, 0, v.Text, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*auth.Actor{h.secretary, h.chair} {
		if x, err = h.svc.Sign(ctx, a, x.ID, demo.Password); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

// TestVerifyCatchesTampering changes signed rows behind the application's
// back, one way at a time, and expects the verification to name the entry.
func TestVerifyCatchesTampering(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		h := hold(t, d)
		x := h.sign(t)
		st := h.srv.App.Store
		// The book of the meeting's body, among the demo's books.
		ours := func(t *testing.T) record.Check {
			t.Helper()
			checks, err := record.VerifyAll(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range checks {
				if c.BodyID == h.m.BodyID {
					return c
				}
				if !c.OK() {
					t.Errorf("another book broke: %+v", c.Problem)
				}
			}
			t.Fatal("no book for the meeting's body")
			return record.Check{}
		}
		before := ours(t)
		if !before.OK() || before.Entries < 2 {
			t.Fatalf("before tampering: %+v", before)
		}
		x, _ = st.MinutesByID(ctx, x.ID)
		entry := before.Entries // ours is the last entry
		cases := []struct {
			name, do, undo string
		}{
			{"the minutes' text", "UPDATE minutes SET text = text || ' (sửa)' WHERE id = ?", "UPDATE minutes SET text = substr(text, 1, length(text) - 7) WHERE id = ?"},
			{"a signature's name", "UPDATE minute_signatures SET name = 'Người Khác' WHERE minutes_id = ? AND role = 'chair'", ""},
			{"the entry's content", "UPDATE minute_book SET content = replace(content, 'Chủ trì', 'Chu tri') WHERE minutes_id = ?", ""},
			{"the entry's hash", "UPDATE minute_book SET hash = '00' || substr(hash, 3) WHERE minutes_id = ?", ""},
			{"the issued number's text", "UPDATE issued_documents SET text = 'khác' WHERE id = (SELECT document_id FROM minutes WHERE id = ?)", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				var saved []any
				// Keep the rows to restore them after the case.
				snapshot(t, d, x.ID, &saved)
				if _, err := d.Exec(ctx, c.do, x.ID); err != nil {
					t.Fatal(err)
				}
				if got := ours(t); got.OK() || got.Problem.Seq != entry {
					t.Fatalf("tampering with %s went unnoticed: %+v", c.name, got.Problem)
				}
				restore(t, d, x.ID, saved)
				if got := ours(t); !got.OK() {
					t.Fatalf("after restoring: %+v", got.Problem)
				}
			})
		}
	})
}

// snapshot keeps what the tampering cases change.
func snapshot(t *testing.T, d *db.DB, minutesID int64, out *[]any) {
	t.Helper()
	var text, name, content, hash, doc string
	row := d.QueryRow(ctx, `SELECT m.text, g.name, b.content, b.hash, i.text FROM minutes m
		JOIN minute_signatures g ON g.minutes_id = m.id AND g.role = 'chair'
		JOIN minute_book b ON b.minutes_id = m.id JOIN issued_documents i ON i.id = m.document_id WHERE m.id = ?`, minutesID)
	if err := row.Scan(&text, &name, &content, &hash, &doc); err != nil {
		t.Fatal(err)
	}
	*out = []any{text, name, content, hash, doc}
}

func restore(t *testing.T, d *db.DB, minutesID int64, v []any) {
	t.Helper()
	for _, q := range []string{
		"UPDATE minutes SET text = ? WHERE id = ?",
		"UPDATE minute_signatures SET name = ? WHERE minutes_id = ? AND role = 'chair'",
		"UPDATE minute_book SET content = ? WHERE minutes_id = ?",
		"UPDATE minute_book SET hash = ? WHERE minutes_id = ?",
		"UPDATE issued_documents SET text = ? WHERE id = (SELECT document_id FROM minutes WHERE id = ?)",
	} {
		val := v[0]
		v = v[1:]
		if _, err := d.Exec(ctx, q, val, minutesID); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNumbersUnderConcurrency issues documents from many goroutines at
// once: every number from 01 is taken once, none skipped; a refused issue
// takes none.
func TestNumbersUnderConcurrency(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		svc, vp := srv.App.Record, srv.Actor(t, "vp.mytho")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		signers, err := svc.Signers(ctx, bch)
		if err != nil || len(signers) == 0 {
			t.Fatalf("signers: %v, %v", signers, err)
		}
		today := model.DateOf(srv.Clock.Now())
		in := model.IssueInput{BodyID: bch.ID, Type: model.TypeResolution, Subject: "Về chuyển đổi số", Text: "Nội dung.",
			IssuedOn: today, SignerID: signers[0].PersonID}
		const n = 24
		var wg sync.WaitGroup
		errs := make(chan error, n)
		got := make(chan int, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				x := in
				if i%6 == 5 {
					x.Subject = "" // refused: takes no number
				}
				doc, err := svc.Issue(ctx, vp, x)
				if err != nil {
					if testutil.FieldOf(err) != "subject" {
						errs <- err
					}
					return
				}
				got <- doc.Number
			}(i)
		}
		wg.Wait()
		close(errs)
		close(got)
		for err := range errs {
			t.Error(err)
		}
		seen := map[int]bool{}
		for k := range got {
			if seen[k] {
				t.Errorf("number %d given twice", k)
			}
			seen[k] = true
		}
		for k := 1; k <= n-n/6; k++ {
			if !seen[k] {
				t.Errorf("number %d skipped (got %d numbers)", k, len(seen))
			}
		}
		// Another type starts at 01; the symbol has the leading zero.
		doc, err := svc.Issue(ctx, vp, model.IssueInput{BodyID: bch.ID, Type: model.TypeConclusion, Subject: "Kết luận",
			Text: "Nội dung.", IssuedOn: today, SignerID: signers[0].PersonID})
		if err != nil || doc.Symbol != "01-TB/ĐU" {
			t.Fatalf("first TB: %+v, %v", doc, err)
		}
	})
}

// TestIssueRefusals: bad input is refused field by field and takes no
// number; those who do not keep the records cannot issue; another commune
// does not find the body.
func TestIssueRefusals(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		svc, vp := srv.App.Record, srv.Actor(t, "vp.mytho")
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		signers, _ := svc.Signers(ctx, bch)
		today := model.DateOf(srv.Clock.Now())
		good := model.IssueInput{BodyID: bch.ID, Type: model.TypeResolution, Subject: "Về chuyển đổi số", Text: "Nội dung.",
			IssuedOn: today, SignerID: signers[0].PersonID}
		cases := []struct {
			name  string
			edit  func(*model.IssueInput)
			field string
		}{
			{"no type", func(in *model.IssueInput) { in.Type = "" }, "type"},
			{"minutes by hand", func(in *model.IssueInput) { in.Type = model.TypeMinutes }, "type"},
			{"no subject", func(in *model.IssueInput) { in.Subject = " " }, "subject"},
			{"no text", func(in *model.IssueInput) { in.Text = "" }, "text"},
			{"no date", func(in *model.IssueInput) { in.IssuedOn = model.Date{} }, "issued_on"},
			{"a future date", func(in *model.IssueInput) { in.IssuedOn = model.DateOf(srv.Clock.Now().AddDate(0, 0, 2)) }, "issued_on"},
			{"no signer", func(in *model.IssueInput) { in.SignerID = 0 }, "signer_id"},
			{"a signer who is no Bí thư", func(in *model.IssueInput) { in.SignerID = srv.PersonOf(t, "uv.mytho") }, "signer_id"},
			{"a bad level", func(in *model.IssueInput) { in.Level = "top" }, "level"},
			{"a paper without a meeting", func(in *model.IssueInput) { in.SourceID = 1 }, "source_id"},
		}
		for _, c := range cases {
			in := good
			c.edit(&in)
			if _, err := svc.Issue(ctx, vp, in); testutil.FieldOf(err) != c.field {
				t.Errorf("%s: %v, want a problem with %s", c.name, err, c.field)
			}
		}
		if _, err := svc.Issue(ctx, srv.Actor(t, "uv.mytho"), good); !errors.Is(err, model.ErrForbidden) {
			t.Errorf("a member issues: %v", err)
		}
		if _, err := svc.Issue(ctx, srv.Actor(t, "bithu.caolanh"), good); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune issues: %v", err)
		}
		doc, err := svc.Issue(ctx, vp, good)
		if err != nil || doc.Number != 1 {
			t.Fatalf("after the refusals the first number is %+v, %v", doc, err)
		}
		if got := doc.Recipients[len(doc.Recipients)-1]; got != "Lưu VP." {
			t.Errorf("the last recipient is %q, want Lưu VP.", got)
		}
		if doc.Capacity != "T/M ĐẢNG ỦY" || doc.SignerTitle == "" {
			t.Errorf("signature block: %q / %q", doc.Capacity, doc.SignerTitle)
		}
		// Marked "mật": the register hides it from a member.
		secret := good
		secret.Level = model.LevelSecret
		if _, err := svc.Issue(ctx, vp, secret); err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string]int{"vp.mytho": 2, "uv.mytho": 1, "bithu.caolanh": -1} {
			docs, _, err := svc.Documents(ctx, srv.Actor(t, who), bch.OrgID, record.RegisterFilter{Type: model.TypeResolution})
			if want < 0 {
				if !errors.Is(err, model.ErrNotFound) {
					t.Errorf("%s reads the register: %v", who, err)
				}
				continue
			}
			if err != nil || len(docs) != want {
				t.Errorf("%s reads %d documents, want %d (%v)", who, len(docs), want, err)
			}
		}
	})
}

// TestNumbersPerTerm: a new term starts every type at 01 again, the old
// term's counter goes on where it was; a rolled-back issue gives its number
// back.
func TestNumbersPerTerm(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		st := srv.App.Store
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		next := &model.Term{OrgID: bch.OrgID, Name: "2030–2035", StartsOn: model.Date{Year: 2030, Month: 10, Day: 1}}
		if err := st.CreateTerm(ctx, next); err != nil {
			t.Fatal(err)
		}
		take := func(term int64) int {
			t.Helper()
			n, err := st.NextDocNumber(ctx, bch.OrgID, term, model.TypeResolution)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if a, b, c := take(bch.TermID), take(bch.TermID), take(next.ID); a != 1 || b != 2 || c != 1 {
			t.Fatalf("numbers %d, %d in the term, %d in the next; want 1, 2, 1", a, b, c)
		}
		boom := errors.New("rolled back")
		err := st.InTx(ctx, func(st *store.Store) error {
			if n, err := st.NextDocNumber(ctx, bch.OrgID, bch.TermID, model.TypeResolution); err != nil || n != 3 {
				t.Errorf("inside: %d, %v", n, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n := take(bch.TermID); n != 3 {
			t.Errorf("after a rollback the next number is %d, want 3", n)
		}
	})
}

// TestBookUnderConcurrency: minutes of many meetings of one body made final
// at the same instant still form one unbroken chain.
func TestBookUnderConcurrency(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		st, svc := srv.App.Store, srv.App.Record
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		chair, secretary := srv.PersonOf(t, "bithu.mytho"), srv.PersonOf(t, "thuky.mytho")
		const n = 8
		var ms []*model.Meeting
		for i := 0; i < n; i++ {
			m := &model.Meeting{BodyID: bch.ID, Kind: model.MeetingExtraordinary, Title: fmt.Sprintf("Hội nghị bất thường %d", i+1),
				Place: "Hội trường", StartsAt: srv.Clock.Now().AddDate(0, 0, -i-1), Month: "x", ChairID: chair,
				SecretaryID: secretary, Guests: []string{}, State: model.StateClosed}
			if err := st.CreateMeeting(ctx, m, 0); err != nil {
				t.Fatal(err)
			}
			if m, err := st.Meeting(ctx, m.ID); err != nil {
				t.Fatal(err)
			} else {
				ms = append(ms, m)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for _, m := range ms {
			wg.Add(1)
			go func(m *model.Meeting) {
				defer wg.Done()
				errs <- svc.Seal(ctx, st, m, "Biên bản "+m.Title+".")
			}(m)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		checks, err := record.VerifyAll(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if !c.OK() {
				t.Errorf("book %d broke: %+v", c.BodyID, c.Problem)
			}
		}
		book, err := svc.Book(ctx, srv.Actor(t, "bithu.mytho"), bch.ID)
		if err != nil || !book.Check.OK() {
			t.Fatalf("book: %v", err)
		}
		docs, _, err := svc.Documents(ctx, srv.Actor(t, "bithu.mytho"), bch.OrgID, record.RegisterFilter{Type: model.TypeMinutes})
		if err != nil || len(docs) != len(book.Entries) {
			t.Fatalf("%d BB for %d entries (%v)", len(docs), len(book.Entries), err)
		}
		seen := map[int]bool{}
		for _, d := range docs {
			seen[d.Number] = true
		}
		for k := 1; k <= len(docs); k++ {
			if !seen[k] {
				t.Errorf("BB number %d missing", k)
			}
		}
	})
}

// TestRecordIsSearchable: final minutes and issued documents are found by
// the search box with diacritics ignored, as their readers may see them;
// a "mật" document only by those who keep the records; nothing by another
// commune.
func TestRecordIsSearchable(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
		svc, find := srv.App.Record, srv.App.Search
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		signers, _ := svc.Signers(ctx, bch)
		vp := srv.Actor(t, "vp.mytho")
		today := model.DateOf(srv.Clock.Now())
		for _, lvl := range []model.Level{model.LevelNormal, model.LevelSecret} {
			if _, err := svc.Issue(ctx, vp, model.IssueInput{BodyID: bch.ID, Type: model.TypeResolution,
				Subject: "Về phân loại rác thải tại nguồn " + string(lvl), Text: "Phấn đấu 75% hộ dân tham gia phân loại rác.",
				IssuedOn: today, SignerID: signers[0].PersonID, Level: lvl}); err != nil {
				t.Fatal(err)
			}
		}
		count := func(who, q, kind string) int {
			t.Helper()
			res, err := find.Search(ctx, srv.Actor(t, who), q, 50)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, h := range res.Hits {
				if h.Kind == kind {
					n++
				}
			}
			return n
		}
		if n := count("uv.mytho", "phan loai rac tai nguon", model.SearchIssued); n != 1 {
			t.Errorf("a member finds %d resolutions, want the ordinary one", n)
		}
		if n := count("vp.mytho", "phan loai rac", model.SearchIssued); n != 2 {
			t.Errorf("the office finds %d resolutions, want both", n)
		}
		if n := count("bithu.caolanh", "phan loai rac", model.SearchIssued); n != 0 {
			t.Errorf("another commune finds %d of Mỹ Tho's resolutions", n)
		}
		// The demo's past minutes, final, are found by their words.
		if n := count("uv.mytho", "bien ban hoi nghi ban chap hanh", model.SearchMinutes); n == 0 {
			t.Error("a member finds no signed minutes")
		}
		if n := count("bithu.caolanh", "huynh ngoc ngan", model.SearchMinutes); n != 0 {
			t.Errorf("another commune finds %d of Mỹ Tho's minutes", n)
		}
	})
}

// SealAt enters minutes signed days after the meeting: the secretary's
// signature when the meeting ended, the chair's, the minutes' final time,
// the BB's record and the book entry all at the signing time; a signing
// time before the meeting or in the future is refused.
func TestSealAtSigningTime(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 1})
		st, svc := srv.App.Store, srv.App.Record
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		at := srv.Clock.Now().AddDate(0, 0, -20).Truncate(time.Second)
		m := &model.Meeting{BodyID: bch.ID, Kind: model.MeetingExtraordinary, Title: "Hội nghị bất thường", Place: "Hội trường",
			StartsAt: at, Month: "x", ChairID: srv.PersonOf(t, "bithu.mytho"), SecretaryID: srv.PersonOf(t, "thuky.mytho"),
			Guests: []string{}, State: model.StateClosed}
		if err := st.CreateMeeting(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
		m, err := st.Meeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []time.Time{at.Add(-time.Hour), srv.Clock.Now().Add(time.Hour)} {
			if err := svc.SealAt(ctx, st, m, "Biên bản.", bad); err == nil {
				t.Errorf("sealed at %s", bad)
			}
		}
		signed := at.AddDate(0, 0, 12)
		if err := svc.SealAt(ctx, st, m, "Biên bản hội nghị bất thường.", signed); err != nil {
			t.Fatal(err)
		}
		list, err := st.MeetingMinutes(ctx, m.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("minutes: %d, %v", len(list), err)
		}
		x := list[0]
		if x.FinalAt == nil || !x.FinalAt.Equal(signed) {
			t.Errorf("final at %v, want %s", x.FinalAt, signed)
		}
		for _, g := range x.Signatures {
			want := signed
			if g.Role == model.RoleSecretary {
				want = at.Add(4 * time.Hour)
			}
			if !g.SignedAt.Equal(want) {
				t.Errorf("%s signed at %s, want %s", g.Role, g.SignedAt, want)
			}
		}
		book, err := svc.Book(ctx, srv.Actor(t, "bithu.mytho"), bch.ID)
		if err != nil || !book.Check.OK() {
			t.Fatalf("book: %v %+v", err, book)
		}
		last := book.Entries[len(book.Entries)-1]
		if !last.CreatedAt.Equal(signed) {
			t.Errorf("book entry at %s, want %s", last.CreatedAt, signed)
		}
	})
}

// TestBookKeepsItsTimesAtTheDatabasesPrecision: an entry written at a time
// with nanoseconds verifies on both databases (PostgreSQL keeps
// microseconds, as does a SQLite book copied there by migrate-to-postgres);
// a time changed by a millisecond still breaks it.
func TestBookKeepsItsTimesAtTheDatabasesPrecision(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 1})
		st, svc := srv.App.Store, srv.App.Record
		srv.Clock.Advance(123456789 * time.Nanosecond)
		bch := srv.Body(t, "Mỹ Tho", model.BodyCommittee)
		m := &model.Meeting{BodyID: bch.ID, Kind: model.MeetingExtraordinary, Title: "Hội nghị bất thường", Place: "Hội trường",
			StartsAt: srv.Clock.Now().Add(-time.Hour), Month: "x", ChairID: srv.PersonOf(t, "bithu.mytho"),
			SecretaryID: srv.PersonOf(t, "thuky.mytho"), Guests: []string{}, State: model.StateClosed}
		if err := st.CreateMeeting(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
		m, err := st.Meeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Seal(ctx, st, m, "Biên bản "+m.Title+"."); err != nil {
			t.Fatal(err)
		}
		check := func() record.Check {
			t.Helper()
			checks, err := record.VerifyAll(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range checks {
				if c.BodyID == bch.ID {
					return c
				}
			}
			t.Fatal("no book")
			return record.Check{}
		}
		if c := check(); !c.OK() {
			t.Fatalf("the book written with nanoseconds: %v", c.Problem)
		}
		book, err := st.Book(ctx, bch.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := book[len(book)-1]
		if !strings.Contains(last.Content, `.123456789Z"}`) {
			t.Fatalf("the entry's time was not written with nanoseconds: …%s", last.Content[len(last.Content)-40:])
		}
		set := func(at time.Time) {
			t.Helper()
			if _, err := d.Exec(ctx, "UPDATE minute_book SET created_at = ? WHERE id = ?", at, last.ID); err != nil {
				t.Fatal(err)
			}
		}
		set(last.CreatedAt.Truncate(time.Microsecond))
		if c := check(); !c.OK() {
			t.Fatalf("the book at microseconds: %v", c.Problem)
		}
		set(last.CreatedAt.Add(time.Millisecond))
		if c := check(); c.OK() || c.Problem.Seq != last.Seq {
			t.Fatalf("a time moved by a millisecond: %+v", c)
		}
	})
}
