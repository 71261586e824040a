package main

import (
	"context"
	"fmt"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
)

// Member is one synthetic member of a meeting's body, with the token the
// load uses for them.
type Member struct {
	PersonID int64
	Token    string
}

// Meeting is one synthetic meeting: convened, its body's incumbent members
// all with accounts; Members[0] is the commune's Bí thư, who chairs it.
type Meeting struct {
	ID      int64
	Members []Member
}

// Chair is the member who runs the meeting.
func (m *Meeting) Chair() Member { return m.Members[0] }

// unusableHash is stored as the synthetic accounts' password hash: it is not
// an argon2id hash, so no password signs in with it (auth.CheckPassword),
// and creating it costs nothing, where hashing a real password costs ~30 ms.
const unusableHash = "!load-test-account-no-password"

// perTx bounds the members written in one transaction: a few big
// transactions, each small enough not to hold the writer for long.
const perTx = 5000

// Prepare fills a migrated, empty database with meetings members in total
// spread over the meetings, each meeting in a commune of its own under one
// province, convened and with one decision item. Everything goes straight
// through the store, in a few big transactions.
func Prepare(ctx context.Context, d *db.DB, meetings, members int) ([]*Meeting, error) {
	if meetings < 1 || members < meetings {
		return nil, fmt.Errorf("need at least one meeting and one member per meeting (got %d meetings, %d members)", meetings, members)
	}
	st := store.New(d, nil)
	prov := &model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh Thử Tải", Place: "Thử Tải"}
	if err := st.CreateOrg(ctx, prov); err != nil {
		return nil, err
	}
	out := make([]*Meeting, 0, meetings)
	for i := 0; i < meetings; {
		n := 0
		start := i
		err := st.InTx(ctx, func(st *store.Store) error {
			out = out[:start]
			for i = start; i < meetings && n < perTx; i++ {
				size := members / meetings
				if i < members%meetings {
					size++
				}
				m, err := prepareMeeting(ctx, st, prov, i, size)
				if err != nil {
					return fmt.Errorf("meeting %d: %w", i+1, err)
				}
				out = append(out, m)
				n += size
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// termStart is when the synthetic communes' term began.
var termStart = model.Date{Year: 2025, Month: time.August, Day: 15}

// syntheticCommune makes a commune of the load under prov, its term and its
// BCH.
func syntheticCommune(ctx context.Context, st *store.Store, prov *model.Org, name string) (*model.Org, *model.Term, *model.Body, error) {
	c := &model.Org{ParentID: prov.ID, Kind: model.OrgCommune, Unit: model.UnitCommune, Name: "Đảng bộ xã " + name, Place: name}
	if err := st.CreateOrg(ctx, c); err != nil {
		return nil, nil, nil, err
	}
	term := &model.Term{OrgID: c.ID, Name: "2025–2030", StartsOn: termStart}
	if err := st.CreateTerm(ctx, term); err != nil {
		return nil, nil, nil, err
	}
	bch := &model.Body{OrgID: c.ID, TermID: term.ID, Kind: model.BodyCommittee}
	if err := st.CreateBody(ctx, bch); err != nil {
		return nil, nil, nil, err
	}
	return c, term, bch, nil
}

func prepareMeeting(ctx context.Context, st *store.Store, prov *model.Org, i, size int) (*Meeting, error) {
	name := fmt.Sprintf("Thử Tải %d", i+1)
	c, _, body, err := syntheticCommune(ctx, st, prov, name)
	if err != nil {
		return nil, err
	}
	m := &Meeting{Members: make([]Member, size)}
	for j := range size {
		p := &model.Person{OrgID: c.ID, FullName: fmt.Sprintf("Đảng viên %d-%d", i+1, j+1), Gender: model.GenderMale,
			BirthDate: model.Date{Year: 1970 + j%30, Month: time.March, Day: 1 + j%28}}
		if err := st.CreatePerson(ctx, p); err != nil {
			return nil, err
		}
		if err := st.AddMembership(ctx, &model.Membership{BodyID: body.ID, PersonID: p.ID, Status: model.StatusIncumbent, StartedOn: termStart}); err != nil {
			return nil, err
		}
		if j == 0 {
			if err := st.AddPost(ctx, &model.Post{PersonID: p.ID, OrgID: c.ID, BodyID: body.ID, Kind: model.PostSecretary,
				Areas: []string{}, StartedOn: termStart}); err != nil {
				return nil, err
			}
		}
		acc := &model.Account{Username: fmt.Sprintf("load-%d-%d", i+1, j+1), Role: model.RoleMember, OrgID: c.ID,
			PersonID: p.ID, PasswordHash: unusableHash}
		if err := st.CreateAccount(ctx, acc); err != nil {
			return nil, err
		}
		token := auth.NewToken()
		if err := st.CreateToken(ctx, &model.AccessToken{AccountID: acc.ID, Name: "nghisu-load"}, auth.HashToken(token)); err != nil {
			return nil, err
		}
		m.Members[j] = Member{PersonID: p.ID, Token: token}
	}
	now := st.Now()
	mt := &model.Meeting{BodyID: body.ID, Kind: model.MeetingThematic, Title: "Hội nghị chuyên đề " + name,
		Place: "Hội trường xã " + name, StartsAt: now, Month: now.Format("2006-01"), ChairID: m.Members[0].PersonID,
		SecretaryID: m.Members[0].PersonID, Guests: []string{}, State: model.StateDraft}
	if err := st.CreateMeeting(ctx, mt, 0); err != nil {
		return nil, err
	}
	if err := st.RecordTransition(ctx, &model.Transition{MeetingID: mt.ID, To: model.StateDraft, Username: "nghisu-load"}); err != nil {
		return nil, err
	}
	path := []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateReview, model.StateApproved, model.StateConvened}
	for k := 1; k < len(path); k++ {
		if err := st.SetMeetingState(ctx, &model.Transition{MeetingID: mt.ID, From: path[k-1], To: path[k], Username: "nghisu-load"}); err != nil {
			return nil, err
		}
	}
	if err := st.AddItem(ctx, &model.AgendaItem{MeetingID: mt.ID, Position: 1, Title: "Biểu quyết thử tải",
		Kind: model.ItemDecision, PresenterID: m.Members[0].PersonID, Minutes: 30}); err != nil {
		return nil, err
	}
	m.ID = mt.ID
	return m, nil
}
