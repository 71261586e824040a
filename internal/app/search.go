package app

import (
	"context"
	"errors"
	"fmt"

	"nghisu/internal/auth"
	"nghisu/internal/drafting"
	"nghisu/internal/model"
	"nghisu/internal/search"
)

// registerSearch tells the search box who sees the entries other packages
// own: final minutes (the only ones indexed) whoever sees their meeting; an
// issued document whoever the register shows it to; a task whoever the
// follow-up shows it to (the commune, and the organisations owning it).
func (a *App) registerSearch() {
	a.Search.Register(model.SearchMinutes, search.Kind{
		Visible: func(ctx context.Context, act *auth.Actor, e *model.SearchEntry, v *drafting.Viewer) (bool, error) {
			return v != nil, nil
		},
		URL: func(e *model.SearchEntry) string { return fmt.Sprintf("/meetings/%d/minutes", e.MeetingID) },
	})
	a.Search.Register(model.SearchIssued, search.Kind{
		Visible: func(ctx context.Context, act *auth.Actor, e *model.SearchEntry, _ *drafting.Viewer) (bool, error) {
			_, _, err := a.Record.Issued(ctx, act, e.RefID)
			if errors.Is(err, model.ErrNotFound) {
				return false, nil
			}
			return err == nil, err
		},
		URL: func(e *model.SearchEntry) string { return fmt.Sprintf("/issued/%d", e.RefID) },
	})
	a.Search.Register(model.SearchTask, search.Kind{
		Visible: func(ctx context.Context, act *auth.Actor, e *model.SearchEntry, _ *drafting.Viewer) (bool, error) {
			_, err := a.Followup.Get(ctx, act, e.RefID)
			if errors.Is(err, model.ErrNotFound) {
				return false, nil
			}
			return err == nil, err
		},
		URL: func(e *model.SearchEntry) string { return fmt.Sprintf("/tasks/%d", e.RefID) },
	})
}
