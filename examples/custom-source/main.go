// Command custom-source handles events of a source of your own: ACME's
// order events, which an internal service sends with lambda:Invoke. The
// event is a plain tagged struct (no lossless.Extra), registered in-process
// with a detection rule, so evplugin.Handle decodes and checks it, and the
// printer and logs mask what it tags sensitive.
//
// A plain struct decodes through mapstructure (lossless.Into) and is not
// lossless: members it does not model are dropped. That is fine for an
// event the function only reads.
package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/evplugin/evplugin"
	"github.com/evplugin/evplugin/registry"
)

// OrderEvent is ACME's order event.
type OrderEvent struct {
	Source   string   `json:"source"` // always "com.acme.orders"
	Type     string   `json:"type"`   // "order.placed", "order.cancelled"
	OrderID  string   `json:"orderId"`
	Customer Customer `json:"customer"`
	Lines    []Line   `json:"lines"`
}

// Customer is who placed the order.
type Customer struct {
	ID    string `json:"id"`
	Email string `json:"email" sensitive:"true"` // masked when printed or logged
}

// Line is one item of an order.
type Line struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
	Cents    int64  `json:"cents"`
}

// Receipt is what the function answers.
type Receipt struct {
	OrderID    string `json:"orderId"`
	TotalCents int64  `json:"totalCents"`
}

func init() {
	registry.Default.MustRegister(registry.Source{
		ID:       "acme.order",
		Title:    "ACME order events",
		New:      func() any { return new(OrderEvent) },
		Rule:     registry.All(registry.PathEquals("source", "com.acme.orders"), registry.PathExists("orderId")),
		Priority: 200,
	})
}

func handler(ctx context.Context, e *OrderEvent) (Receipt, error) {
	slog.InfoContext(ctx, "order", "event", evplugin.LogValue(e))
	if len(e.Lines) == 0 {
		return Receipt{}, fmt.Errorf("order %s has no lines", e.OrderID)
	}
	r := Receipt{OrderID: e.OrderID}
	for _, l := range e.Lines {
		r.TotalCents += int64(l.Quantity) * l.Cents
	}
	return r, nil
}

func main() {
	lambda.Start(evplugin.Handle(handler))
}
