package printer

// Derived is one derived value of a type: a name and the function that
// computes it, printed as "Name()" after the type's fields. Make one with
// [Derive] or [DeriveInto], from a method value, so the compiler checks that
// the method exists and has the right form.
type Derived struct {
	name string
	get  func(limit int) (any, error)
}

// Name is the name the value prints under, without the "()".
func (d Derived) Name() string { return d.name }

// Derive returns the derived value name computed by f, usually a method
// value such as e.Time. A zero result is left out of the view; an error or a
// panic prints as [Undecodable].
func Derive[T any](name string, f func() (T, error)) Derived {
	if f == nil {
		return Derived{name: name}
	}
	return Derived{name: name, get: func(int) (any, error) { return f() }}
}

// DeriveInto returns the derived value name that f decodes into the value
// it is given, usually a method value such as m.JSONBody: the printer calls
// f with a pointer to an empty interface and shows what f stored there.
func DeriveInto(name string, f func(v any) error) Derived {
	if f == nil {
		return Derived{name: name}
	}
	return Derived{name: name, get: func(int) (any, error) {
		var v any
		err := f(&v)
		return v, err
	}}
}

// DeriveWithin returns the derived value name computed by f within the
// printer's budget: the printer calls f with the bytes the budget has left
// (math.MaxInt with [Unbounded]), and f decodes no more than it can show,
// returning a [Cut] for a list it shortened. A zero result is left out of
// the view; an error or a panic prints as [Undecodable].
func DeriveWithin[T any](name string, f func(limit int) (T, error)) Derived {
	if f == nil {
		return Derived{name: name}
	}
	return Derived{name: name, get: func(limit int) (any, error) { return f(limit) }}
}

// Deriver is implemented by types with derived values to show beside their
// fields. Derived and the functions it returns must have no side effects:
// printing a value never changes it. A Derived that panics prints as the key
// "Derived()" with [Undecodable].
//
// Derived of a type that embeds another [Deriver] hides the embedded one's,
// as any method does; it lists the embedded type's values itself:
//
//	func (e Event) Derived() []printer.Derived {
//		return append(e.Envelope.Derived(), printer.Derive("Bucket", e.Bucket))
//	}
type Deriver interface {
	Derived() []Derived
}

// Masker is implemented by types that know which of their values are
// secret: each path SensitivePaths returns (dot-separated names, [n] for an
// array element, * for any member or element) prints as [Sensitive].
// A last segment ** masks every value at any depth below, keeping the
// names of members and the lengths of lists: "requestContext.authorizer.**".
// A SensitivePaths that panics masks the whole value.
type Masker interface {
	SensitivePaths() []string
}

// Redactor is implemented by types holding secrets inside a value that is
// otherwise worth reading, such as the credentials of a raw query string:
// Redacted returns, by path (written as for [Masker]), the text that prints
// in place of the value there ("code=[SENSITIVE]&x=1"). Redactions apply
// before masks, so a masked path stays masked. A Redacted that panics masks
// the whole value.
type Redactor interface {
	Redacted() map[string]string
}
