package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"nghisu/internal/auth"
	"nghisu/internal/config"
	"nghisu/internal/i18n"
	"nghisu/internal/org"
	"nghisu/internal/xlsx"
)

// importCmd reads a member list into a body, all rows or none, and prints
// every problem with its row and column.
func importCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "members" {
		return fmt.Errorf("import: say \"import members --body ID FILE.xlsx\"")
	}
	var cfg config.Config
	fs := flags("import members", &cfg)
	bodyID := fs.Int64("body", 0, "id of the body (BCH, BTV or UBKT) to import into")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 || *bodyID == 0 {
		return fmt.Errorf("import members: give --body ID and one .xlsx file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	a, closeDB, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	lang := i18n.Default
	rows, problems, err := xlsx.ReadMembers(f, lang, org.MaxImportRows)
	var fe *xlsx.FileError
	if errors.As(err, &fe) {
		return errors.New(i18n.Msg(lang, fe.Msg))
	} else if err != nil {
		return err
	}
	if len(problems) == 0 {
		var res *org.ImportResult
		res, err = a.Org.ImportMembers(ctx, auth.System(), *bodyID, rows)
		var ie *org.ImportError
		switch {
		case errors.As(err, &ie):
			problems = ie.Problems
		case err != nil:
			return explain(err)
		default:
			fmt.Fprintf(stdout, "imported %d rows: %d new people, %d already on record, %d posts\n",
				res.Rows, res.Created, res.Matched, res.Posts)
			return nil
		}
	}
	for _, p := range problems {
		where := fmt.Sprintf("row %d", p.Row)
		if p.Column != "" {
			where += ", column " + p.Column + " (" + xlsx.Header(lang, p.Column) + ")"
		}
		fmt.Fprintf(stdout, "%s: %s\n", where, i18n.Msg(lang, p.Msg))
	}
	return fmt.Errorf("nothing imported: %d problems", len(problems))
}

func exportCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "members" {
		return fmt.Errorf("export: say \"export members --body ID [--out FILE.xlsx]\"")
	}
	var cfg config.Config
	fs := flags("export members", &cfg)
	bodyID := fs.Int64("body", 0, "id of the body to export")
	out := fs.String("out", "", "file to write (default: standard output)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, closeDB, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	sys := auth.System()
	b, err := a.Org.Body(ctx, sys, *bodyID)
	if err != nil {
		return fmt.Errorf("no body %d", *bodyID)
	}
	rows, err := a.Org.ExportMembers(ctx, sys, b)
	if err != nil {
		return err
	}
	data, err := xlsx.WriteMembers(i18n.Default, rows)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d members written to %s\n", len(rows), *out)
	return nil
}
