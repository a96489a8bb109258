package sources

import "github.com/evplugin/evplugin/registry"

// Register adds a built-in source to [registry.Default]: events matching rule
// are the source id and decode into a new E. It is called from the init
// function of the source's package, and, like database/sql.Register, it
// panics if the registration is invalid (see [registry.Registry.Register]),
// so a mistake stops the program at start-up rather than at the first event.
//
//	func init() {
//		sources.Register[Event]("aws.sqs", "Amazon SQS queue trigger", sources.PriorityRecord,
//			registry.All(registry.PathEquals("Records[0].eventSource", "aws:sqs")))
//	}
func Register[E any](id, title string, priority int, rule registry.Rule) {
	registry.Default.MustRegister(registry.Source{
		ID:       id,
		Title:    title,
		New:      func() any { return new(E) },
		Rule:     rule,
		Priority: priority,
	})
}
