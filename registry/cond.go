package registry

// Constructors of conditions and rules, so a registration reads as the rule
// it states:
//
//	registry.All(registry.PathEquals("Records[0].eventSource", "aws:sqs"))
//	registry.All(registry.PathExists("requestContext")).AndAny(
//		registry.PathExists("headers.X-GitHub-Event"),
//		registry.PathExists("headers.x-github-event"))
//
// They build plain values and check nothing; [Rule.Validate] and
// [Registry.Register] do.

// PathExists is the condition that path is present, with any value, null
// included.
func PathExists(path string) Cond { return Cond{Path: path, Op: Exists} }

// PathAbsent is the condition that path is not present.
func PathAbsent(path string) Cond { return Cond{Path: path, Op: Absent} }

// PathEquals is the condition that the value at path equals value; see
// [Equals] for how values other than strings compare.
func PathEquals(path, value string) Cond { return Cond{Path: path, Op: Equals, Value: value} }

// PathPrefix is the condition that the value at path starts with prefix.
func PathPrefix(path, prefix string) Cond { return Cond{Path: path, Op: Prefix, Value: prefix} }

// PathContains is the condition that the value at path contains substr.
func PathContains(path, substr string) Cond {
	return Cond{Path: path, Op: Contains, Value: substr}
}

// All is the rule that every one of conds holds.
func All(conds ...Cond) Rule { return Rule{All: conds} }

// Any is the rule that at least one of conds holds.
func Any(conds ...Cond) Rule { return Rule{Any: conds} }

// And returns r with conds added to its All group: r holds and so does every
// one of conds. r itself is not modified.
func (r Rule) And(conds ...Cond) Rule {
	r.All = append(r.All[:len(r.All):len(r.All)], conds...)
	return r
}

// AndAny returns r with conds added to its Any group: r's All group holds
// and at least one condition of the Any group does. r itself is not
// modified.
func (r Rule) AndAny(conds ...Cond) Rule {
	r.Any = append(r.Any[:len(r.Any):len(r.Any)], conds...)
	return r
}
