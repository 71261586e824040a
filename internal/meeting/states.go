package meeting

import "nghisu/internal/model"

// Who may move a meeting along.
type who int

const (
	leaders   who = 1 << iota // the commune's Bí thư and Phó Bí thư thường trực
	office                    // the commune's office staff
	chair                     // the meeting's chair
	nobody    who = 0
	preparers     = leaders | office
)

// step is one allowed transition of the state machine.
type step struct {
	from, to model.MeetingState
	by       who
	// reason is required (cancelling, postponing).
	reason bool
	// bch and btv say for which meetings the step exists: a BTV meeting has
	// no BTV review of its own program; a BCH meeting must have one.
	bch, btv bool
}

// steps is the whole state machine:
//
//	draft → preparing → review (BCH) → approved → convened → in session → adjourned → signed → closed
//	                 ↘ approved (BTV) ↗
//
// with cancelled and postponed (each with a reason) reachable before the
// meeting opens, and a postponed meeting taken up again.
var steps = []step{
	{model.StateDraft, model.StatePreparing, preparers, false, true, true},
	{model.StatePreparing, model.StateReview, leaders, false, true, false},
	{model.StatePreparing, model.StateApproved, leaders, false, false, true},
	{model.StateReview, model.StateApproved, leaders, false, true, false},
	{model.StateReview, model.StatePreparing, leaders, false, true, false},
	{model.StateApproved, model.StatePreparing, leaders, false, true, true},
	{model.StateApproved, model.StateConvened, preparers, false, true, true},
	{model.StateConvened, model.StateInSession, leaders | chair, false, true, true},
	{model.StateInSession, model.StateAdjourned, leaders | chair, false, true, true},
	// Signed is reached by the minutes' second signature (record), not by hand.
	{model.StateAdjourned, model.StateSigned, nobody, false, true, true},
	{model.StateSigned, model.StateClosed, preparers, false, true, true},
	{model.StatePostponed, model.StatePreparing, leaders, false, true, true},
}

func init() {
	for _, from := range []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateReview, model.StateApproved, model.StateConvened} {
		btv := from != model.StateReview // a BTV meeting is never in BTV review
		steps = append(steps, step{from, model.StateCancelled, leaders, true, true, btv})
		if from != model.StateDraft {
			steps = append(steps, step{from, model.StatePostponed, leaders, true, true, btv})
		}
	}
}

// findStep returns the step from → to for a meeting of kind, if the machine
// has one.
func findStep(kind model.MeetingKind, from, to model.MeetingState) (step, bool) {
	btv := kind == model.MeetingStanding
	for _, s := range steps {
		if s.from == from && s.to == to && (btv && s.btv || !btv && s.bch) {
			return s, true
		}
	}
	return step{}, false
}

// Next lists the states a meeting of kind may move to from state.
func Next(kind model.MeetingKind, from model.MeetingState) []model.MeetingState {
	var out []model.MeetingState
	for _, to := range model.MeetingStates {
		if _, ok := findStep(kind, from, to); ok {
			out = append(out, to)
		}
	}
	return out
}
