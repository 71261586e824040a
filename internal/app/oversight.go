package app

import (
	"context"
	"encoding/json"
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
