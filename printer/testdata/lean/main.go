// Command lean prints a value with the printer, for TestLinkerKeepsDeadMethodElimination.
package main

import (
	"os"

	"github.com/evplugin/evplugin/printer"
)

type event struct {
	Body string `json:"body"`
}

func (e event) Derived() []printer.Derived {
	return []printer.Derived{printer.Derive("Len", e.Len)}
}

func (e event) Len() (int, error) { return len(e.Body), nil }

func main() { _ = printer.Fprint(os.Stdout, event{Body: "x"}) }
