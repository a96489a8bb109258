package jsonscan

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestCheckSize(t *testing.T) {
	for _, n := range []int{0, 1, MaxInput} {
		if err := CheckSize(n); err != nil {
			t.Errorf("CheckSize(%d) = %v", n, err)
		}
	}
	if math.MaxInt == math.MaxInt32 {
		t.Skip("an int cannot exceed the limit")
	}
	over := uint64(MaxInput) + 1
	err := CheckSize(int(over))
	var se *SizeError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &se) || se.Size != int(over) {
		t.Fatalf("CheckSize(%d) = %v", over, err)
	}
	if !strings.Contains(err.Error(), "2147483647") {
		t.Errorf("the error does not name the limit: %v", err)
	}
}
