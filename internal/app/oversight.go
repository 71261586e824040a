package app

import (
	"context"
	"encoding/json"
	"fmt"
	"nghisu/internal/auth"
	"nghisu/internal/model"
	"strings"
	"time"

	"nghisu/internal/jobs"
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
func (a *App) oversightNotes(ctx context.Context, act *auth.Actor, prov *model.Org, communes []model.Org) (overlaps, conflicts []oversight.Note, err error) {
	for _, c := range communes {
		ov, err := a.Followup.Overlaps(ctx, act, c.ID)
		if err != nil {
			return nil, nil, err
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
