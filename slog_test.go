package evplugin_test

import (
	"log/slog"
	"os"

	"github.com/evplugin/evplugin"
)

func ExampleLogValue() {
	e, _ := evplugin.Decode([]byte(`{"Records":[{"messageId":"m-1","eventSource":"aws:sqs",` +
		`"body":"{\"order\":42,\"password\":\"hunter2\"}","messageAttributes":{}}]}`))

	// Without the time, so that the output is the same every time.
	noTime := func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime}))
	log.Info("received", "event", evplugin.LogValue(e))
	// Output:
	// {"level":"INFO","msg":"received","event":{"Records":[{"messageId":"m-1","body":"{\"order\":42,\"password\":\"[SENSITIVE]\"}","messageAttributes":{},"eventSource":"aws:sqs"}]}}
}
