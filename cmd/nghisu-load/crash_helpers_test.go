package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/testutil"
)

// crashFull reports whether the long versions of the crash and failover
// tests run: more kills and more data (NGHISU_CRASH_FULL=1).
func crashFull() bool {
	v, _ := strconv.ParseBool(os.Getenv("NGHISU_CRASH_FULL"))
	return v
}

// sized picks the short or the long version's figure.
func sized(short, full int) int {
	if crashFull() {
		return full
	}
	return short
}

// crashEnv is one database and the `nghisu serve` that the crash tests
// kill and restart on it.
type crashEnv struct {
	t   *testing.T
	ctx context.Context
	d   *db.DB
	dir string
	srv *Server
	api *API
}

// newCrashEnv opens a fresh migrated database of the dialect (a SQLite file
// in a temporary folder, which the server opens too, or a PostgreSQL
// database of testutil) and readies a server on it; start starts it.
func newCrashEnv(t *testing.T, bin string, dialect db.Dialect) *crashEnv {
	t.Helper()
	e := &crashEnv{t: t, ctx: context.Background(), dir: t.TempDir()}
	url := ""
	if dialect == db.Postgres {
		e.d = testutil.NewDB(t, db.Postgres) // closed when the test ends
		url = e.d.URL()
	} else {
		d, err := db.Open(e.ctx, "", e.dir, db.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(e.ctx); err != nil {
			t.Fatal(err)
		}
		e.d = d
	}
	e.srv = &Server{Bin: bin, DataDir: e.dir, DB: url}
	t.Cleanup(func() {
		e.srv.Kill()
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(e.dir, "server.log"))
			t.Logf("server log:\n%s", log)
		}
	})
	return e
}

// start starts (or restarts) the server on a fresh port.
func (e *crashEnv) start() {
	e.t.Helper()
	e.srv.Addr = ""
	if err := e.srv.Start(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	e.api = NewAPI(e.srv.URL(), 32)
}

// post calls the API and fails the test on any error.
func (e *crashEnv) post(path, token string, in, out any) {
	e.t.Helper()
	if err := e.api.Do(e.ctx, "POST", path, token, in, out); err != nil {
		e.t.Fatalf("POST %s: %v", path, err)
	}
}

// sendUntilKilled sends every job not yet done, workers at a time. send
// returns nil when the server acknowledged the job, an error Retryable
// when it did not answer (it died under the request: the job is sent again
// later), or another error, which fails the test. With kill > 0 the server
// is killed once that many jobs more are acknowledged; the jobs in flight
// then fail and are resent after the restart.
func sendUntilKilled[J any](e *crashEnv, jobs []J, done func(J) bool, send func(J) error, workers, kill int) (acked, failed int) {
	var nAcked, nFailed atomic.Int64
	ch := make(chan J)
	var wg sync.WaitGroup
	var once sync.Once
	for range workers {
		wg.Go(func() {
			for j := range ch {
				err := send(j)
				switch {
				case err == nil:
					if n := nAcked.Add(1); kill > 0 && int(n) >= kill {
						once.Do(e.srv.Kill)
					}
				case Retryable(err):
					nFailed.Add(1)
				default:
					e.t.Errorf("refused: %v", err) // a refusal is a bug here
				}
			}
		})
	}
	for _, j := range jobs {
		if !done(j) {
			ch <- j
		}
	}
	close(ch)
	wg.Wait()
	return int(nAcked.Load()), int(nFailed.Load())
}

// crashRounds kills the server `rounds` times while the jobs are sent, each
// time once `every` more are acknowledged, restarts it, and finally sends
// what is left with no kill: every job must then be acknowledged.
// send may drop an answer on purpose (errAnswerLost), once per job.
func crashRounds[J any](e *crashEnv, what string, jobs []J, done func(J) bool, send func(J) error, workers, rounds, every int) {
	e.t.Helper()
	began := time.Now()
	for round := 1; round <= rounds; round++ {
		acked, failed := sendUntilKilled(e, jobs, done, send, workers, every)
		e.t.Logf("%s: round %d: %d acknowledged, then SIGKILL; %d unanswered", what, round, acked, failed)
		e.srv.Kill()
		e.start()
	}
	// With the server left alive, a job fails only when its answer is
	// dropped on purpose, once: a second pass must finish everything.
	for pass := 1; ; pass++ {
		acked, failed := sendUntilKilled(e, jobs, done, send, workers, 0)
		if failed == 0 {
			break
		}
		if pass == 2 {
			e.t.Fatalf("%s: after the last restart: %d acknowledged, %d failed", what, acked, failed)
		}
	}
	e.t.Logf("%s: %d jobs, %d kills, all acknowledged in %v", what, len(jobs), rounds, time.Since(began).Round(time.Millisecond))
}

// errAnswerLost stands for an answer the device never heard (the
// connection dropped on its way back): the job was done but is resent.
var errAnswerLost = errors.New("the answer was lost on its way (simulated)")

// signPassword is the password of the crash tests' signing accounts.
const signPassword = "ky-bien-ban-2026"

// commune is a synthetic commune of the crash tests: a BCH of which the
// first members also sit on the BTV, and meetings of the BCH chaired by
// Members[0] (the Bí thư) with Members[1] as their secretary.
type commune struct {
	Org       int64
	Committee int64
	Members   []Member
	Meetings  []int64
}

// prepareCommune writes a commune with members BCH members, the first
// standing of them on the BTV, and meetings meetings of the BCH, brought
// through the states of path (the first must be draft). The chair and the
// secretary can sign with signPassword; every member has a token.
func prepareCommune(ctx context.Context, d *db.DB, name string, members, standing, meetings int, path []model.MeetingState) (*commune, error) {
	if members < 2 || standing > members || len(path) == 0 || path[0] != model.StateDraft {
		return nil, errors.New("prepareCommune: bad shape")
	}
	st := store.New(d, nil)
	out := &commune{}
	hash := auth.HashPassword(signPassword)
	err := st.InTx(ctx, func(st *store.Store) error {
		prov := &model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh " + name, Place: name}
		if err := st.CreateOrg(ctx, prov); err != nil {
			return err
		}
		c := &model.Org{ParentID: prov.ID, Kind: model.OrgCommune, Unit: model.UnitCommune, Name: "Đảng bộ xã " + name, Place: name}
		if err := st.CreateOrg(ctx, c); err != nil {
			return err
		}
		out.Org = c.ID
		start := model.Date{Year: 2025, Month: time.August, Day: 15}
		term := &model.Term{OrgID: c.ID, Name: "2025–2030", StartsOn: start}
		if err := st.CreateTerm(ctx, term); err != nil {
			return err
		}
		bch := &model.Body{OrgID: c.ID, TermID: term.ID, Kind: model.BodyCommittee}
		if err := st.CreateBody(ctx, bch); err != nil {
			return err
		}
		out.Committee = bch.ID
		btv := &model.Body{OrgID: c.ID, TermID: term.ID, Kind: model.BodyStanding}
		if err := st.CreateBody(ctx, btv); err != nil {
			return err
		}
		for j := range members {
			p := &model.Person{OrgID: c.ID, FullName: fmt.Sprintf("Đảng viên %s %d", name, j+1), Gender: model.GenderFemale,
				BirthDate: model.Date{Year: 1970 + j%30, Month: time.May, Day: 1 + j%28}}
			if err := st.CreatePerson(ctx, p); err != nil {
				return err
			}
			bodies := []int64{bch.ID}
			if j < standing {
				bodies = append(bodies, btv.ID)
			}
			for _, b := range bodies {
				if err := st.AddMembership(ctx, &model.Membership{BodyID: b, PersonID: p.ID, Status: model.StatusIncumbent, StartedOn: start}); err != nil {
					return err
				}
			}
			if j == 0 {
				if err := st.AddPost(ctx, &model.Post{PersonID: p.ID, OrgID: c.ID, BodyID: bch.ID, Kind: model.PostSecretary,
					Areas: []string{}, StartedOn: start}); err != nil {
					return err
				}
			}
			acc := &model.Account{Username: fmt.Sprintf("crash-%d-%d", c.ID, j+1), Role: model.RoleMember, OrgID: c.ID,
				PersonID: p.ID, PasswordHash: unusableHash}
			if j < 2 {
				acc.PasswordHash = hash
			}
			if err := st.CreateAccount(ctx, acc); err != nil {
				return err
			}
			token := auth.NewToken()
			if err := st.CreateToken(ctx, &model.AccessToken{AccountID: acc.ID, Name: "crash"}, auth.HashToken(token)); err != nil {
				return err
			}
			out.Members = append(out.Members, Member{PersonID: p.ID, Token: token})
		}
		now := st.Now()
		for k := range meetings {
			at := now.Add(time.Duration(k-meetings) * 24 * time.Hour)
			mt := &model.Meeting{BodyID: bch.ID, Kind: model.MeetingThematic, Title: fmt.Sprintf("Hội nghị chuyên đề số %d", k+1),
				Place: "Hội trường xã " + name, StartsAt: at, Month: at.Format("2006-01"), ChairID: out.Members[0].PersonID,
				SecretaryID: out.Members[1].PersonID, Guests: []string{}, State: model.StateDraft}
			if err := st.CreateMeeting(ctx, mt, 0); err != nil {
				return err
			}
			if err := st.RecordTransition(ctx, &model.Transition{MeetingID: mt.ID, To: model.StateDraft, Username: "crash"}); err != nil {
				return err
			}
			for i := 1; i < len(path); i++ {
				if err := st.SetMeetingState(ctx, &model.Transition{MeetingID: mt.ID, From: path[i-1], To: path[i], Username: "crash"}); err != nil {
					return err
				}
			}
			out.Meetings = append(out.Meetings, mt.ID)
		}
		return nil
	})
	return out, err
}
