package registry

// RaceEnabled tells external tests whether the race detector is on.
const RaceEnabled = raceEnabled
