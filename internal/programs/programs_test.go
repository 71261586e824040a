package programs_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/programs"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

var ctx = context.Background()

func TestSpan(t *testing.T) {
	open := &model.Term{StartsOn: model.Date{Year: 2025, Month: time.August, Day: 20}}
	closed := &model.Term{StartsOn: model.Date{Year: 2020, Month: time.October, Day: 1}, EndsOn: model.Date{Year: 2025, Month: time.August, Day: 19}}
	cases := []struct {
		kind        model.ProgramKind
		period      string
		term        *model.Term
		first, last string
	}{
		{model.ProgramTerm, "", open, "2025-08", "2030-08"},
		{model.ProgramTerm, "", closed, "2020-10", "2025-08"},
		{model.ProgramYear, "2026", open, "2026-01", "2026-12"},
		{model.ProgramMonth, "2026-03", open, "2026-03", "2026-03"},
	}
	for _, c := range cases {
		f, l := programs.Span(c.kind, c.period, c.term)
		if f != c.first || l != c.last {
			t.Errorf("%s %q: %s..%s, want %s..%s", c.kind, c.period, f, l, c.first, c.last)
		}
	}
	if m := programs.Months("2025-11", "2026-02"); !slices.Equal(m, []string{"2025-11", "2025-12", "2026-01", "2026-02"}) {
		t.Errorf("months across the year: %v", m)
	}
}

func TestSummarize(t *testing.T) {
	es := []model.ProgramEntry{
		{Area: model.AreaGuidelines, Month: "2026-01", Status: model.EntryDone},
		{Area: model.AreaEconomy, Month: "2026-01", Status: model.EntryPlanned},
		{Area: model.AreaFront, Month: "2026-02", Status: model.EntryDropped},
		{Area: model.AreaBuilding, Month: "2026-02"},
		{Area: model.AreaInspection, Month: "2026-03"},
		{Area: model.AreaDefence, Month: "2026-03"},
	}
	months, missing := programs.Summarize(model.ProgramYear, es)
	want := []programs.MonthCount{{Month: "2026-01", Planned: 1, Done: 1}, {Month: "2026-02", Planned: 1, Dropped: 1}, {Month: "2026-03", Planned: 2}}
	if !slices.Equal(months, want) {
		t.Errorf("months: %+v", months)
	}
	// A dropped entry covers nothing: the front is missing with emulation.
	if !slices.Equal(missing, []model.Area{model.AreaFront, model.AreaEmulation}) {
		t.Errorf("missing: %v", missing)
	}
	if _, m := programs.Summarize(model.ProgramMonth, es); m != nil {
		t.Errorf("monthly directions are not checked for areas: %v", m)
	}
	if _, m := programs.Summarize(model.ProgramTerm, nil); !slices.Equal(m, model.Areas) {
		t.Errorf("an empty term program misses every area: %v", m)
	}
}

func TestLate(t *testing.T) {
	deadline := model.Date{Year: 2026, Month: time.March, Day: 10}
	doc := &model.UpperDocument{Deadline: deadline}
	plan := &model.UpperFollowup{PlanOn: model.Date{Year: 2026, Month: time.March, Day: 1}, PlanNumber: "1-KH/ĐU"}
	heard := &model.UpperFollowup{DisseminatedOn: model.Date{Year: 2026, Month: time.March, Day: 1}}
	day := func(d int) model.Date { return model.Date{Year: 2026, Month: time.March, Day: d} }
	cases := []struct {
		name  string
		doc   *model.UpperDocument
		f     *model.UpperFollowup
		today model.Date
		late  bool
	}{
		{"no deadline", &model.UpperDocument{}, nil, day(30), false},
		{"before the deadline", doc, nil, day(9), false},
		{"on the deadline day", doc, nil, day(10), false},
		{"the day after, nothing done", doc, nil, day(11), true},
		{"the day after, only disseminated", doc, heard, day(11), true},
		{"the day after, with a plan", doc, plan, day(11), false},
	}
	for _, c := range cases {
		if got := programs.Late(c.doc, c.f, c.today); got != c.late {
			t.Errorf("%s: late %v", c.name, got)
		}
	}
}

type fixture struct {
	srv           *testutil.Server
	svc           *programs.Service
	st            *store.Store
	bch, btv, ubk *model.Body
	mytho, caolan *model.Org
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	srv := testutil.NewServerWith(t, d, testutil.Options{Communes: 2})
	return &fixture{srv: srv, svc: srv.App.Programs, st: srv.App.Store,
		bch: srv.Body(t, "Mỹ Tho", model.BodyCommittee), btv: srv.Body(t, "Mỹ Tho", model.BodyStanding),
		ubk: srv.Body(t, "Mỹ Tho", model.BodyInspection), mytho: srv.Commune(t, "Mỹ Tho"), caolan: srv.Commune(t, "Cao Lãnh")}
}

// errKind names an error the way the cases expect it.
func errKind(err error) string {
	var v *model.ValidationError
	var d *model.Denial
	switch {
	case err == nil:
		return ""
	case errors.Is(err, model.ErrNotFound):
		return "404"
	case errors.As(err, &d):
		return "403"
	case errors.As(err, &v):
		return "field " + testutil.FieldOf(err) + " " + testutil.FieldKey(err)
	}
	if k := testutil.RefusalKey(err); k != "" {
		return "409 " + k
	}
	return err.Error()
}

func TestCreateProgram(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		cases := []struct {
			name string
			user string
			body *model.Body
			in   model.ProgramInput
			want string
		}{
			{"the office, a year of the term", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2027"}, ""},
			{"the same year again", "bithu.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2027"}, "409 workprogram.exists"},
			{"the BTV's own year", "pbtt.mytho", f.btv, model.ProgramInput{Kind: model.ProgramYear, Period: "2027"}, ""},
			{"a year before the term", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2024"}, "field period workprogram.outside_term"},
			{"a year after the term", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2031"}, "field period workprogram.outside_term"},
			{"the year the term starts", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2025"}, ""},
			{"not a year", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "26"}, "field period workprogram.year_invalid"},
			{"no year", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear}, "field period field.required"},
			{"a month of the term", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramMonth, Period: "2026-04"}, ""},
			{"a month before the term", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramMonth, Period: "2025-07"}, "field period workprogram.outside_term"},
			{"not a month", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramMonth, Period: "2026-13"}, "field period workprogram.month_invalid"},
			{"the term, twice (the demo has it)", "vp.mytho", f.bch, model.ProgramInput{Kind: model.ProgramTerm}, "409 workprogram.exists"},
			{"an unknown kind", "vp.mytho", f.bch, model.ProgramInput{Kind: "week"}, "field kind workprogram.kind_invalid"},
			{"the inspection committee", "vp.mytho", f.ubk, model.ProgramInput{Kind: model.ProgramYear, Period: "2027"}, "409 workprogram.body_kind"},
			{"a member", "uv.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2028"}, "403"},
			{"a BTV member without the keeper's post", "btv.mytho", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2028"}, "403"},
			{"the province's oversight", "tinhuy", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2028"}, "403"},
			{"the province's admin", "admin", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2028"}, "403"},
			{"another commune", "bithu.caolanh", f.bch, model.ProgramInput{Kind: model.ProgramYear, Period: "2028"}, "404"},
			{"a member reading the BTV", "uv.mytho", f.btv, model.ProgramInput{Kind: model.ProgramYear, Period: "2028"}, "404"},
		}
		for _, c := range cases {
			p, err := f.svc.CreateProgram(ctx, f.srv.Actor(t, c.user), c.body.ID, c.in)
			if got := errKind(err); got != c.want {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
				continue
			}
			if err == nil && (p.Title == "" || p.BodyID != c.body.ID) {
				t.Errorf("%s: %+v", c.name, p)
			}
		}
		// Readers: the BCH's programs by every member of the commune and
		// the province; the BTV's by the BTV, the office and the province.
		for _, c := range []struct {
			user string
			body *model.Body
			want string
		}{
			{"uv.mytho", f.bch, ""}, {"tinhuy", f.bch, ""}, {"bithu.caolanh", f.bch, "404"},
			{"btv.mytho", f.btv, ""}, {"vp.mytho", f.btv, ""}, {"uv.mytho", f.btv, "404"},
		} {
			if _, err := f.svc.Programs(ctx, f.srv.Actor(t, c.user), c.body.ID); errKind(err) != c.want {
				t.Errorf("%s reads %s: %v", c.user, c.body.Kind, err)
			}
		}
	})
}

func TestEntries(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		vp := f.srv.Actor(t, "vp.mytho")
		year, err := f.st.ProgramFor(ctx, f.bch.ID, model.ProgramYear, "2026")
		if err != nil {
			t.Fatal(err)
		}
		term, err := f.st.ProgramFor(ctx, f.bch.ID, model.ProgramTerm, "")
		if err != nil {
			t.Fatal(err)
		}
		month, err := f.svc.CreateProgram(ctx, vp, f.bch.ID, model.ProgramInput{Kind: model.ProgramMonth, Period: "2026-04"})
		if err != nil {
			t.Fatal(err)
		}
		kids, _ := f.st.Children(ctx, f.mytho.ID)
		otherKids, _ := f.st.Children(ctx, f.caolan.ID)
		var ubnd, otherUBND int64
		for _, k := range kids {
			if k.Kind == model.OrgPeopleCommittee {
				ubnd = k.ID
			}
		}
		for _, k := range otherKids {
			if k.Kind == model.OrgPeopleCommittee {
				otherUBND = k.ID
			}
		}
		person := f.srv.PersonOf(t, "uv.mytho")
		otherPerson := f.srv.PersonOf(t, "bithu.caolanh")
		otherBody := f.srv.Body(t, "Cao Lãnh", model.BodyCommittee)
		closed, _ := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{f.bch.ID}, To: testutil.DemoNow, Kind: model.MeetingRegular, Desc: true, Limit: 1})
		otherMeetings, _ := f.st.Meetings(ctx, store.MeetingQuery{BodyIDs: []int64{otherBody.ID}, Limit: 1})
		base := func(mod func(*model.EntryInput)) model.EntryInput {
			in := model.EntryInput{Title: "Sơ kết công tác quý", Area: model.AreaEconomy, Month: "2026-05"}
			mod(in2(&in))
			return in
		}
		owner := func(k model.OwnerKind, id int64) func(*model.EntryInput) {
			return func(in *model.EntryInput) { in.Owner = &model.Owner{Kind: k, ID: id} }
		}
		cases := []struct {
			name    string
			user    string
			program int64
			in      model.EntryInput
			want    string
		}{
			{"plain", "vp.mytho", year.ID, base(func(*model.EntryInput) {}), ""},
			{"empty title", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.Title = "  " }), "field title field.required"},
			{"unknown area", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.Area = "sports" }), "field area workprogram.area_invalid"},
			{"no month nor deadline", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.Month = "" }), "field month workprogram.month_required"},
			{"the deadline gives the month", "vp.mytho", year.ID, base(func(in *model.EntryInput) {
				in.Month, in.Deadline = "", model.Date{Year: 2026, Month: time.June, Day: 30}
			}), ""},
			{"a month of next year", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.Month = "2027-01" }), "field month workprogram.outside_span"},
			{"a deadline of last year", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.Deadline = model.Date{Year: 2025, Month: time.December, Day: 31} }), "field deadline workprogram.outside_span"},
			{"a month of the term", "vp.mytho", term.ID, base(func(in *model.EntryInput) { in.Month = "2029-05" }), ""},
			{"a month after the term", "vp.mytho", term.ID, base(func(in *model.EntryInput) { in.Month = "2030-09" }), "field month workprogram.outside_span"},
			{"a month before the term", "vp.mytho", term.ID, base(func(in *model.EntryInput) { in.Month = "2025-07" }), "field month workprogram.outside_span"},
			{"monthly directions take their month", "vp.mytho", month.ID, base(func(in *model.EntryInput) { in.Month = "" }), ""},
			{"monthly directions, another month", "vp.mytho", month.ID, base(func(in *model.EntryInput) { in.Month = "2026-05" }), "field month workprogram.outside_span"},
			{"not a month", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.Month = "05/2026" }), "field month workprogram.month_invalid"},
			{"owner: the UBND", "vp.mytho", year.ID, base(owner(model.OwnerOrg, ubnd)), ""},
			{"owner: the commune", "vp.mytho", year.ID, base(owner(model.OwnerOrg, f.mytho.ID)), ""},
			{"owner: the BTV", "vp.mytho", year.ID, base(owner(model.OwnerBody, f.btv.ID)), ""},
			{"owner: a person", "vp.mytho", year.ID, base(owner(model.OwnerPerson, person)), ""},
			{"owner: another commune's UBND", "vp.mytho", year.ID, base(owner(model.OwnerOrg, otherUBND)), "field owner workprogram.owner_outside"},
			{"owner: another commune", "vp.mytho", year.ID, base(owner(model.OwnerOrg, f.caolan.ID)), "field owner workprogram.owner_outside"},
			{"owner: the province", "vp.mytho", year.ID, base(owner(model.OwnerOrg, f.mytho.ParentID)), "field owner workprogram.owner_outside"},
			{"owner: another commune's BCH", "vp.mytho", year.ID, base(owner(model.OwnerBody, otherBody.ID)), "field owner workprogram.owner_outside"},
			{"owner: another commune's person", "vp.mytho", year.ID, base(owner(model.OwnerPerson, otherPerson)), "field owner workprogram.owner_outside"},
			{"owner: nobody by that id", "vp.mytho", year.ID, base(owner(model.OwnerPerson, 1<<40)), "field owner workprogram.owner_outside"},
			{"owner: an unknown kind", "vp.mytho", year.ID, base(owner("team", ubnd)), "field owner workprogram.owner_outside"},
			{"dropped without a reason", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.Status = model.EntryDropped }), "field reason workprogram.reason_required"},
			{"decided at our meeting", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.MeetingID = closed[0].ID }), ""},
			{"decided at another commune's meeting", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.MeetingID = otherMeetings[0].ID }), "field meeting_id workprogram.meeting_unknown"},
			{"an issued document that is not there", "vp.mytho", year.ID, base(func(in *model.EntryInput) { in.IssuedID = 1 << 40 }), "field issued_id workprogram.issued_unknown"},
			{"a member", "uv.mytho", year.ID, base(func(*model.EntryInput) {}), "403"},
			{"another commune", "bithu.caolanh", year.ID, base(func(*model.EntryInput) {}), "404"},
		}
		for _, c := range cases {
			before, _ := f.st.ProgramEntries(ctx, c.program)
			e, err := f.svc.AddEntry(ctx, f.srv.Actor(t, c.user), c.program, c.in)
			if got := errKind(err); got != c.want {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
				continue
			}
			after, _ := f.st.ProgramEntries(ctx, c.program)
			if err != nil {
				if len(after) != len(before) {
					t.Errorf("%s: refused but written", c.name)
				}
				continue
			}
			// Read back by its id: the store keeps every field.
			got, _, err := f.svc.Entry(ctx, f.srv.Actor(t, "uv.mytho"), e.ID)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got.Title != e.Title || got.Month != e.Month || got.Deadline != e.Deadline || got.MeetingID != e.MeetingID ||
				(got.Owner == nil) != (e.Owner == nil) || got.Owner != nil && (got.Owner.ID != e.Owner.ID || got.Owner.Name == "") {
				t.Errorf("%s: read back %+v, wrote %+v", c.name, got, e)
			}
		}

		// Status: done, dropped with a reason, planned again (the reason goes).
		es, _ := f.st.ProgramEntries(ctx, year.ID)
		id := es[0].ID
		if _, err := f.svc.SetStatus(ctx, vp, id, model.EntryDropped, ""); testutil.FieldOf(err) != "reason" {
			t.Errorf("drop without reason: %v", err)
		}
		if e, err := f.svc.SetStatus(ctx, vp, id, model.EntryDropped, "Lồng ghép vào hội nghị khác"); err != nil || e.Status != model.EntryDropped {
			t.Errorf("drop: %v %+v", err, e)
		}
		if e, err := f.svc.SetStatus(ctx, vp, id, model.EntryPlanned, "ignored"); err != nil || e.Reason != "" {
			t.Errorf("planned again: %v %+v", err, e)
		}
		if _, err := f.svc.SetStatus(ctx, vp, id, "", ""); testutil.FieldOf(err) != "status" {
			t.Errorf("no status: %v", err)
		}
		if _, err := f.svc.SetStatus(ctx, f.srv.Actor(t, "bithu.caolanh"), id, model.EntryDone, ""); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune marks done: %v", err)
		}
		if _, err := f.svc.SetStatus(ctx, f.srv.Actor(t, "uv.mytho"), id, model.EntryDone, ""); errKind(err) != "403" {
			t.Errorf("a member marks done: %v", err)
		}

		// The view: the demo's annual program misses emulation until an
		// entry covers it.
		v, err := f.svc.Get(ctx, f.srv.Actor(t, "uv.mytho"), year.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(v.Missing, []model.Area{model.AreaEmulation}) || v.CanEdit || v.First != "2026-01" || v.Last != "2026-12" {
			t.Errorf("annual view: missing %v, can edit %v, %s..%s", v.Missing, v.CanEdit, v.First, v.Last)
		}
		if _, err := f.svc.AddEntry(ctx, vp, year.ID, model.EntryInput{Title: "Tổng kết thi đua", Area: model.AreaEmulation, Month: "2026-12"}); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.svc.Get(ctx, vp, year.ID); len(v.Missing) != 0 || !v.CanEdit {
			t.Errorf("after the emulation entry: missing %v", v.Missing)
		}
		if _, err := f.svc.Get(ctx, f.srv.Actor(t, "bithu.caolanh"), year.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune reads the program: %v", err)
		}
	})
}

func in2(in *model.EntryInput) *model.EntryInput { return in }

func TestUpperDocuments(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		prov := f.mytho.ParentID
		admin := f.srv.Actor(t, "admin")
		// A commune's administrator: the province is outside its scope.
		if _, err := f.srv.App.Auth.CreateAccount(ctx, admin, model.AccountInput{Username: "admin.mytho", OrgID: f.mytho.ID,
			Role: model.RoleAdmin, Password: "mat-khau-dai-du"}); err != nil {
			t.Fatal(err)
		}
		good := model.UpperInput{Kind: model.UpperConclusion, Symbol: "Kết luận 10-KL/TW", Title: "Về cải cách hành chính",
			IssuedOn: model.Date{Year: 2026, Month: time.January, Day: 5}, Issuer: "Bộ Chính trị", Deadline: model.Date{Year: 2026, Month: time.March, Day: 31}}
		mod := func(fn func(*model.UpperInput)) model.UpperInput { in := good; fn(&in); return in }
		cases := []struct {
			name string
			user string
			org  int64
			in   model.UpperInput
			want string
		}{
			{"the province's admin", "admin", prov, good, ""},
			{"the same number again", "admin", prov, good, "409 upper.exists"},
			{"a commune's admin", "admin.mytho", prov, mod(func(in *model.UpperInput) { in.Symbol = "Kết luận 11-KL/TW" }), "404"},
			{"the province's oversight", "tinhuy", prov, mod(func(in *model.UpperInput) { in.Symbol = "Kết luận 12-KL/TW" }), "403"},
			{"a commune's office", "vp.mytho", prov, mod(func(in *model.UpperInput) { in.Symbol = "Kết luận 13-KL/TW" }), "404"},
			{"at a commune", "admin", f.mytho.ID, mod(func(in *model.UpperInput) { in.Symbol = "Kết luận 14-KL/TW" }), "404"},
			{"no symbol", "admin", prov, mod(func(in *model.UpperInput) { in.Symbol = " " }), "field symbol field.required"},
			{"no title", "admin", prov, mod(func(in *model.UpperInput) { in.Symbol, in.Title = "KL 15", "" }), "field title field.required"},
			{"unknown kind", "admin", prov, mod(func(in *model.UpperInput) { in.Symbol, in.Kind = "KL 16", "letter" }), "field kind upper.kind_invalid"},
			{"issued in the future", "admin", prov, mod(func(in *model.UpperInput) {
				in.Symbol, in.IssuedOn = "KL 17", model.Date{Year: 2026, Month: time.April, Day: 1}
			}), "field issued_on upper.issued_future"},
			{"deadline before issue", "admin", prov, mod(func(in *model.UpperInput) {
				in.Symbol, in.Deadline = "KL 18", model.Date{Year: 2025, Month: time.December, Day: 1}
			}), "field deadline upper.deadline_before"},
		}
		for _, c := range cases {
			_, err := f.svc.Register(ctx, f.srv.Actor(t, c.user), c.org, c.in)
			if got := errKind(err); got != c.want {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}

		// The province's view: every commune a row; the demo's resolution
		// has Mỹ Tho planned and Cao Lãnh late.
		v, err := f.svc.Uppers(ctx, f.srv.Actor(t, "tinhuy"), prov)
		if err != nil || v.Province == nil || v.Commune != nil || v.Province.CanRegister {
			t.Fatalf("province view: %+v, %v", v, err)
		}
		var nq *programs.DocStatus
		for i := range v.Province.Documents {
			if v.Province.Documents[i].Document.Symbol == "Nghị quyết 05-NQ/TU" {
				nq = &v.Province.Documents[i]
			}
		}
		if nq == nil || len(nq.Communes) != 2 || nq.Planned != 1 || nq.Disseminated != 2 || nq.Late != 1 {
			t.Fatalf("the resolution's follow-up: %+v", nq)
		}
		for _, row := range nq.Communes {
			if row.Late != (row.Commune.ID == f.caolan.ID) {
				t.Errorf("%s late %v", row.Commune.Name, row.Late)
			}
		}
		// A commune's view: its own follow-up only.
		cv, err := f.svc.Uppers(ctx, f.srv.Actor(t, "uv.mytho"), f.mytho.ID)
		if err != nil || cv.Commune == nil || cv.Province != nil || cv.Commune.CanRecord || len(cv.Commune.Items) != 3 {
			t.Fatalf("commune view: %+v, %v", cv, err)
		}
		if _, err := f.svc.Uppers(ctx, f.srv.Actor(t, "vp.mytho"), prov); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a commune reads the province's page: %v", err)
		}
		if _, err := f.svc.Uppers(ctx, f.srv.Actor(t, "bithu.caolanh"), f.mytho.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("another commune's page: %v", err)
		}
		kids, _ := f.st.Children(ctx, f.mytho.ID)
		if _, err := f.svc.Uppers(ctx, admin, kids[0].ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("a led organisation's page: %v", err)
		}

		// The commune's follow-up.
		doc := nq.Document
		day := func(m time.Month, d int) model.Date { return model.Date{Year: 2026, Month: m, Day: d} }
		fcases := []struct {
			name    string
			user    string
			commune int64
			in      model.FollowupInput
			want    string
		}{
			{"disseminated", "vp.mytho", f.caolan.ID, model.FollowupInput{DisseminatedOn: day(time.February, 1)}, "404"},
			{"Cao Lãnh's secretary records its plan", "bithu.caolanh", f.caolan.ID, model.FollowupInput{DisseminatedOn: day(time.January, 30), PlanOn: day(time.March, 9), PlanNumber: "03-KH/ĐU"}, ""},
			{"a member", "uv.mytho", f.mytho.ID, model.FollowupInput{DisseminatedOn: day(time.February, 1)}, "403"},
			{"the province's admin", "admin", f.mytho.ID, model.FollowupInput{DisseminatedOn: day(time.February, 1)}, "403"},
			{"before the document", "vp.mytho", f.mytho.ID, model.FollowupInput{DisseminatedOn: day(time.January, 1)}, "field disseminated_on upper.before_issued"},
			{"in the future", "vp.mytho", f.mytho.ID, model.FollowupInput{PlanOn: day(time.March, 11), PlanNumber: "1"}, "field plan_on upper.day_future"},
			{"a plan number without its day", "vp.mytho", f.mytho.ID, model.FollowupInput{PlanNumber: "09-KH/ĐU"}, "field plan_on upper.plan_day_required"},
			{"a plan day without its number", "vp.mytho", f.mytho.ID, model.FollowupInput{PlanOn: day(time.March, 1)}, "field plan_number upper.plan_number_required"},
			{"a plan that is not our document", "vp.mytho", f.mytho.ID, model.FollowupInput{PlanIssuedID: 1 << 40}, "field plan_issued_id workprogram.issued_unknown"},
		}
		for _, c := range fcases {
			_, err := f.svc.RecordFollowup(ctx, f.srv.Actor(t, c.user), c.commune, doc.ID, c.in)
			if got := errKind(err); got != c.want {
				t.Errorf("%s: %q, want %q", c.name, got, c.want)
			}
		}
		// The plan as an issued document of the record: its number and
		// day come from it.
		_, _, issued := lastIssued(t, f)
		fu, err := f.svc.RecordFollowup(ctx, f.srv.Actor(t, "vp.mytho"), f.mytho.ID, doc.ID, model.FollowupInput{PlanIssuedID: issued.ID})
		if err != nil || fu.PlanNumber != issued.Symbol || fu.PlanOn != issued.IssuedOn {
			t.Fatalf("plan from the record: %+v, %v", fu, err)
		}
		v, _ = f.svc.Uppers(ctx, admin, prov)
		for _, ds := range v.Province.Documents {
			if ds.Document.ID == doc.ID && (ds.Late != 0 || ds.Planned != 2) {
				t.Errorf("after Cao Lãnh's plan: %d late, %d planned", ds.Late, ds.Planned)
			}
		}
		// Time passes: the conclusion registered above is due on 31 March;
		// on 1 April (Vietnam) both communes are late, though it is still
		// 31 March in UTC.
		f.srv.Clock.Advance(testutil.VNAt(2026, time.April, 1, 0).Add(30 * time.Minute).Sub(f.srv.Clock.Now()))
		v, _ = f.svc.Uppers(ctx, admin, prov)
		for _, ds := range v.Province.Documents {
			if ds.Document.Symbol == "Kết luận 10-KL/TW" && ds.Late != 2 {
				t.Errorf("the conclusion on 1 April: %d late", ds.Late)
			}
		}
	})
}

// lastIssued finds a document Mỹ Tho's record issued.
func lastIssued(t *testing.T, f *fixture) (int64, int64, *model.IssuedDocument) {
	t.Helper()
	docs, err := f.st.Register(ctx, store.RegisterQuery{OrgID: f.mytho.ID, BodyIDs: []int64{f.bch.ID, f.btv.ID}, Limit: 1})
	if err != nil || len(docs) == 0 {
		t.Fatalf("Mỹ Tho's register: %v, %v", docs, err)
	}
	return 0, 0, &docs[0]
}
