package main

// maxInput bounds one event, so a runaway pipe is an error, not a crash.
const maxInput = 256 << 20
