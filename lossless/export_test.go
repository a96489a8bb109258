package lossless

// ResetCaches forgets every compiled codec and plan, for benchmarks of
// what registration costs at init.
func ResetCaches() {
	codecs.Clear()
	plans.Clear()
}
