package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"nghisu/internal/auth"
	"nghisu/internal/config"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/web"
)

func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("user: say add, set-password, token or list")
	}
	var cfg config.Config
	fs := flags("user "+args[0], &cfg)
	orgID := fs.Int64("org", 0, "organisation id the account belongs to (add)")
	role := fs.String("role", "member", "admin, oversight, office or member (add)")
	personID := fs.Int64("person", 0, "person id the account is for (add, optional)")
	password := fs.String("password", "", "password (else NGHISU_PASSWORD, else read from standard input)")
	name := fs.String("name", "cli", "label of the token (token)")
	sub, rest := args[0], args[1:]
	// Flags may come before or after the user name.
	var username string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		username, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if username == "" && fs.NArg() > 0 {
		username = fs.Arg(0)
	}
	a, closeDB, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	sys := auth.System()
	switch sub {
	case "list":
		list, err := a.Auth.Accounts(ctx, sys)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tROLE\tORGANISATION\tPERSON\tDISABLED")
		for _, acc := range list {
			person := ""
			if acc.Person != nil {
				person = acc.Person.FullName
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%v\n", acc.ID, acc.Username, acc.Role, acc.Org.Name, person, acc.Disabled)
		}
		return tw.Flush()
	case "add":
		if username == "" {
			return fmt.Errorf("user add: give the user name")
		}
		pw, err := readPassword(*password, stdin)
		if err != nil {
			return err
		}
		acc, err := a.Auth.CreateAccount(ctx, sys, model.AccountInput{Username: username, OrgID: *orgID,
			PersonID: *personID, Role: model.Role(*role), Password: pw})
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "account %s created (id %d)\n", acc.Username, acc.ID)
		return nil
	case "set-password":
		acc, err := a.Store.AccountByUsername(ctx, auth.NormalizeUsername(username))
		if err != nil {
			return fmt.Errorf("no account %q", username)
		}
		pw, err := readPassword(*password, stdin)
		if err != nil {
			return err
		}
		if err := a.Auth.SetPassword(ctx, sys, acc.ID, "", pw); err != nil {
			return explain(err)
		}
		fmt.Fprintf(stdout, "password of %s changed\n", acc.Username)
		return nil
	case "token":
		acc, err := a.Store.AccountByUsername(ctx, auth.NormalizeUsername(username))
		if err != nil {
			return fmt.Errorf("no account %q", username)
		}
		token, _, err := a.Auth.IssueToken(ctx, sys, acc.ID, *name)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintln(stdout, token)
		return nil
	}
	return fmt.Errorf("user: unknown subcommand %q", sub)
}

// readPassword takes the flag, else NGHISU_PASSWORD, else a line of stdin.
func readPassword(flagValue string, stdin io.Reader) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := os.Getenv("NGHISU_PASSWORD"); v != "" {
		return v, nil
	}
	fmt.Fprint(os.Stderr, "Password: ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// explain turns a domain error into the sentence a user of the web UI
// would read.
func explain(err error) error {
	_, msg, fields := web.Status(i18n.Default, err, "cli")
	for f, m := range fields {
		msg += fmt.Sprintf("\n  %s: %s", f, m)
	}
	return errors.New(msg)
}
