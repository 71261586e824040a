package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"nghisu/internal/app"
	"nghisu/internal/config"
	"nghisu/internal/record"
	"nghisu/internal/store"
)

// errBroken makes the command exit 1 when a book does not verify.
var errBroken = fmt.Errorf("sổ biên bản không toàn vẹn")

// verify checks every minute book: hashes, the chain, the signatures, and
// that the minutes behind each entry still say what it says. With --key, it
// also requires every entry to be signed by that key file's key.
func verify(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flags("verify", &cfg)
	keyFile := fs.String("key", "", "also require every entry to be signed by this key file (the instance's signing.key)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := app.Logger(cfg.LogLevel)
	d, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer d.Close()
	want := ""
	if *keyFile != "" {
		k, err := record.LoadExistingKey(*keyFile)
		if err != nil {
			return err
		}
		want = k.ID
	}
	st := store.New(d, nil)
	checks, err := record.VerifyAll(ctx, st)
	if err != nil {
		return err
	}
	broken := 0
	for _, c := range checks {
		name := fmt.Sprintf("sổ %d", c.BodyID)
		if b, err := st.Body(ctx, c.BodyID); err == nil && b.Org != nil {
			name = fmt.Sprintf("sổ %d (%s, %s)", c.BodyID, bodyName(string(b.Kind)), b.Org.Name)
		}
		switch {
		case !c.OK():
			broken++
			fmt.Fprintf(stdout, "LỖI  %s: %d mục; mục %d: %s\n", name, c.Entries, c.Problem.Seq, c.Problem.Reason)
		case want != "" && slices.ContainsFunc(c.Keys, func(k string) bool { return k != want }):
			broken++
			fmt.Fprintf(stdout, "LỖI  %s: %d mục, có mục ký bằng khoá khác %s (khoá: %v)\n", name, c.Entries, want, c.Keys)
		default:
			fmt.Fprintf(stdout, "OK   %s: %d mục, khoá %v\n", name, c.Entries, c.Keys)
		}
	}
	fmt.Fprintf(stdout, "%d sổ biên bản, %d lỗi\n", len(checks), broken)
	if broken > 0 {
		return errBroken
	}
	return nil
}

func bodyName(kind string) string {
	switch kind {
	case "standing":
		return "Ban Thường vụ"
	case "inspection":
		return "Ủy ban Kiểm tra"
	}
	return "Ban Chấp hành"
}
