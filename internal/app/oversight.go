package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/jobs"
	"nghisu/internal/model"
	"nghisu/internal/oversight"
)

// registerOversightJobs keeps the oversight snapshot fresh: the last three
// months every quarter of an hour (what changes day to day), everything
// once a night and whenever asked (a province admin after a correction,
// the first start).
func (a *App) registerOversightJobs(r *jobs.Runner) {
	r.Handle(oversight.RecentJob, func(ctx context.Context, _ []byte) error {
		return a.Oversight.RefreshRecent(ctx)
	})
	r.Every(oversight.RecentJob, 15*time.Minute, nil)
	r.Handle(oversight.FullJob, func(ctx context.Context, payload []byte) error {
		var p oversight.FullPayload
		if len(payload) > 0 {
			if err := json.Unmarshal(payload, &p); err != nil {
				return jobs.Fail(err)
			}
		}
		return a.Oversight.RefreshAll(ctx, "", "")
	})
	r.Every(oversight.FullJob, 24*time.Hour, nil)
}

// oversightNotes gives the evaluation report what the follow-up finds in
// each commune, one line a commune: subjects several owners hold with no
// lead, and people who own tasks and evaluate them.
//
// They are kept for notesFresh per province: reading them goes through every
// open task and post of the province, and the report they go in is built on
// the snapshot, itself up to a quarter of an hour old.
// Whoever may open a province's report sees all its communes, so one copy
// serves every reader.
func (a *App) oversightNotes(ctx context.Context, act *auth.Actor, prov *model.Org, communes []model.Org) (overlaps, conflicts []oversight.Note, err error) {
	if n, ok := a.notes.get(prov.ID, len(communes), a.Store.Now()); ok {
		return n.overlaps, n.conflicts, nil
	}
	overlaps, conflicts, err = a.readNotes(ctx, act, prov, communes)
	if err == nil {
		a.notes.put(prov.ID, notes{at: a.Store.Now(), communes: len(communes), overlaps: overlaps, conflicts: conflicts})
	}
	return overlaps, conflicts, err
}

// notesFresh is how long a province's report notes are reused.
const notesFresh = 2 * time.Minute

type notes struct {
	at                  time.Time
	communes            int
	overlaps, conflicts []oversight.Note
}

// notesCache holds the last notes read per province.
type notesCache struct {
	mu sync.Mutex
	m  map[int64]notes
}

func (c *notesCache) get(prov int64, communes int, now time.Time) (notes, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.m[prov]
	return n, ok && n.communes == communes && now.Sub(n.at) >= 0 && now.Sub(n.at) < notesFresh
}

func (c *notesCache) put(prov int64, n notes) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]notes{}
	}
	c.m[prov] = n
}

func (a *App) readNotes(ctx context.Context, act *auth.Actor, prov *model.Org, communes []model.Org) (overlaps, conflicts []oversight.Note, err error) {
	all, err := a.Followup.OverlapsUnder(ctx, act, prov)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range communes {
		ov := all[c.ID]
		if ov == nil {
			continue // not under the province: nothing to say of it here
		}
		var parts []string
		if n := len(ov.Shared); n > 0 {
			subjects := make([]string, 0, 2)
			for _, w := range ov.Shared[:min(n, 2)] {
				subjects = append(subjects, "\""+w.Subject+"\"")
			}
			parts = append(parts, fmt.Sprintf("%d việc giao cho nhiều nơi mà không rõ đơn vị chủ trì (%s%s)", n,
				strings.Join(subjects, ", "), map[bool]string{true: ", …", false: ""}[n > 2]))
		}
		people := map[string]int{}
		var order []string
		for _, w := range ov.Concurrent {
			if people[w.Person] == 0 {
				order = append(order, w.Person)
			}
			people[w.Person]++
		}
		for _, p := range order {
			parts = append(parts, fmt.Sprintf("đồng chí %s vừa chịu trách nhiệm thực hiện vừa đánh giá %d nhiệm vụ", p, people[p]))
		}
		if len(parts) > 0 {
			overlaps = append(overlaps, oversight.Note{Commune: oversight.ShortName(c), Text: strings.Join(parts, "; ")})
		}
	}
	// Concurrent posts as they stand today (the staffing view's conflicts:
	// the posts worth a warning, not every kiêm nhiệm).
	st, err := a.Org.Staffing(ctx, act, prov.ID, model.Date{})
	if err != nil {
		return nil, nil, err
	}
	for _, c := range st.Conflicts {
		conflicts = append(conflicts, oversight.Note{Text: c.Text}) // the sentence names the commune
	}
	return overlaps, conflicts, nil
}
