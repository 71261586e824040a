package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"nghisu/internal/config"
	"nghisu/internal/demo"
)

// demoMonths is how much history the demo has: two years, what the
// province's oversight compares.
const demoMonths = 24

func serve(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flags("serve", &cfg)
	fs.BoolVar(&cfg.Demo, "demo", false, "seed the demo province if the database is empty, then serve")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, closeDB, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if cfg.Demo {
		res, err := demo.Seed(ctx, a.Store, demo.Options{Seal: a.Record.Seal, SealAt: a.Record.SealAt, History: demoMonths})
		switch {
		case errors.Is(err, demo.ErrNotEmpty):
			fmt.Fprintln(stdout, "Demo: the database already has data; nothing seeded.")
			printDemoAccounts(stdout, nil)
		case err != nil:
			return fmt.Errorf("seed demo: %w", err)
		default:
			fmt.Fprintf(stdout, "Demo: seeded %d communes and %d people.\n", res.Communes, res.People)
			printDemoAccounts(stdout, res.Accounts)
			// The province's dashboard reads a snapshot the jobs keep; the
			// first one is taken now so that it shows on the first visit.
			if err := a.Oversight.RefreshAll(ctx, "", ""); err != nil {
				return fmt.Errorf("oversight figures of the demo: %w", err)
			}
		}
	}
	return a.Serve(ctx)
}

// printDemoAccounts lists the demo sign-ins at start-up so that a newcomer
// can sign in without reading further.
func printDemoAccounts(w io.Writer, accounts []demo.Account) {
	fmt.Fprintln(w, "Demo accounts (password for all: "+demo.Password+"):")
	if accounts == nil {
		for _, u := range []string{"admin", "tinhuy", "bithu.mytho", "pbtt.mytho", "btv.mytho", "uv.mytho", "vp.mytho", "bithu.caolanh"} {
			fmt.Fprintln(w, "  "+u)
		}
		return
	}
	for _, a := range accounts {
		fmt.Fprintf(w, "  %-14s %-9s %s\n", a.Username, a.Role, a.Who)
	}
}

func demoCmd(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flags("demo", &cfg)
	communes := fs.Int("communes", 0, "how many communes (0: the real names; more are numbered, for benchmarks)")
	seed := fs.Uint64("seed", 0, "random seed for names and sizes")
	months := fs.Int("months", demoMonths, "months of history before this one for every commune (0: the current term's plain meetings only)")
	scale := fs.String("scale", "", "province: 102 communes × 60 months; country: 3,321 communes × 24 months (use PostgreSQL); sets -communes and -months")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch *scale {
	case "":
	case "province":
		*communes, *months = 102, 60
	case "country":
		*communes, *months = 3321, 24
	default:
		return fmt.Errorf("demo: -scale is province or country, not %q", *scale)
	}
	start := time.Now()
	a, closeDB, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	res, err := demo.Seed(ctx, a.Store, demo.Options{Communes: *communes, Seed: *seed, Seal: a.Record.Seal, SealAt: a.Record.SealAt, History: *months})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: seeded %d communes and %d people in %s.\n", a.DB.Location, res.Communes, res.People, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	if err := a.Oversight.RefreshAll(ctx, "", ""); err != nil {
		return fmt.Errorf("oversight figures: %w", err)
	}
	fmt.Fprintf(stdout, "Oversight figures computed in %s.\n", time.Since(start).Round(time.Millisecond))
	printDemoAccounts(stdout, res.Accounts)
	return nil
}
