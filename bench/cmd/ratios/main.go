// Command ratios reads `go test -bench` output of the bench package (files
// named as arguments, or standard input) and prints, from the median of each
// benchmark's runs, how evplugin compares with the aws-lambda-go baseline
// and how far it is from the goals.
//
//	go test -bench . -count 6 | go run ./cmd/ratios
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Goals, as ratios to the baseline.
const (
	goalDecode    = 0.40
	goalDecodeMap = 0.35
	goalDetect    = 0.02
	goalLarge     = 0.05
	// Detection with 150 sources, as a ratio to the built-in ones alone.
	goalSources = 1.5
	// Detection with every built-in source, as a ratio to the 11 of the
	// foundation (BenchmarkDetectSources/<event>/11).
	goalBuiltin = 1.2
	// evplugin against the fastest typed decoders (BenchmarkPeers), as
	// ratios of times: Decode to goccy/go-json and to bytedance/sonic, the
	// type known (DecodeAs, Handle) to goccy/go-json.
	goalPeerGoccy = 1.00
	goalPeerSonic = 0.90
	goalPeerTyped = 0.85
)

// events is the order of the table; others found in the input follow.
var events = []string{"sqs", "sns", "s3", "apigw-rest", "apigw-http", "dynamodb", "cloudwatch-logs", "eventbridge", "cognito-presignup"}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: ratios [bench-output-file ...]")
		flag.PrintDefaults()
	}
	stat := flag.String("stat", "median", "statistic of each benchmark's runs: median or min (less sensitive to a busy machine)")
	brief := flag.Bool("brief", false, "print only the goal lines")
	flag.Parse()
	var r results
	switch *stat {
	case "median":
		r.stat = median
	case "min":
		r.stat = slices.Min[[]float64]
	default:
		fail(fmt.Errorf("-stat must be median or min, not %q", *stat))
	}
	r.statName, r.brief = *stat, *brief
	if flag.NArg() == 0 {
		if err := r.parse(os.Stdin); err != nil {
			fail(err)
		}
	}
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fail(err)
		}
		err = r.parse(f)
		f.Close()
		if err != nil {
			fail(err)
		}
	}
	if len(r.samples) == 0 {
		fail(fmt.Errorf("no benchmark results in the input"))
	}
	r.report(os.Stdout)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ratios:", err)
	os.Exit(1)
}

// sample holds the runs of one benchmark.
type sample struct {
	ns, allocs, bytes []float64
}

type results struct {
	samples map[string]*sample // by name without the GOMAXPROCS suffix
	skipped map[string]string  // by name: the reason
	order   []string

	stat     func([]float64) float64 // of the runs of a benchmark
	statName string
	brief    bool // only the goal lines
}

// parse reads benchmark lines such as
//
//	BenchmarkDecode/sqs-8   20391   12402 ns/op   111.67 MB/s   2681 B/op   22 allocs/op
//
// and skip notices (`--- SKIP: BenchmarkDecode/sns` with the indented reason
// -v prints before it).
func (r *results) parse(in io.Reader) error {
	if r.samples == nil {
		r.samples, r.skipped = map[string]*sample{}, map[string]string{}
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	lastMsg, lastSkip := "", ""
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "--- SKIP: "); ok {
			lastSkip = strings.Fields(rest)[0]
			r.skipped[lastSkip] = lastMsg // go test -v prints the reason first
			lastMsg = ""
			continue
		}
		if strings.HasPrefix(line, "    ") {
			msg := strings.TrimSpace(line)
			if _, after, ok := strings.Cut(msg, ": "); ok && strings.HasSuffix(strings.Fields(msg)[0], ":") {
				msg = after // drop the file:line
			}
			if lastSkip != "" && r.skipped[lastSkip] == "" {
				r.skipped[lastSkip] = msg
			}
			lastMsg = msg
			continue
		}
		lastSkip, lastMsg = "", ""
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // not a result line
		}
		name := trimProcs(f[0])
		s := r.samples[name]
		if s == nil {
			s = &sample{}
			r.samples[name] = s
			r.order = append(r.order, name)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return fmt.Errorf("%q: %v", line, err)
			}
			switch f[i+1] {
			case "ns/op":
				s.ns = append(s.ns, v)
			case "allocs/op":
				s.allocs = append(s.allocs, v)
			case "B/op":
				s.bytes = append(s.bytes, v)
			}
		}
	}
	return sc.Err()
}

// trimProcs drops the -GOMAXPROCS suffix go test adds to a name.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// ns returns the median ns/op of a benchmark, and whether it ran.
func (r *results) ns(name string) (float64, bool) {
	s := r.samples[name]
	if s == nil || len(s.ns) == 0 {
		return 0, false
	}
	return r.statOf(s.ns), true
}

func (r *results) allocs(name string) (float64, bool) {
	s := r.samples[name]
	if s == nil || len(s.allocs) == 0 {
		return 0, false
	}
	return r.statOf(s.allocs), true
}

func (r *results) statOf(xs []float64) float64 {
	if r.stat == nil {
		return median(xs)
	}
	return r.stat(xs)
}

// ran reports whether any of an event's benchmarks ran or was skipped.
func (r *results) ran(event string) bool {
	for _, b := range []string{"Baseline", "Decode", "DecodeMap", "Detect"} {
		name := "Benchmark" + b + "/" + event
		if _, skipped := r.skipped[name]; skipped || r.samples[name] != nil {
			return true
		}
	}
	return false
}

// ratio is the median ns/op of num over that of den.
func (r *results) ratio(num, den string) (float64, bool) {
	a, ok1 := r.ns(num)
	b, ok2 := r.ns(den)
	if !ok1 || !ok2 || b == 0 {
		return 0, false
	}
	return a / b, true
}

// geo accumulates a geometric mean.
type geo struct {
	sum float64
	n   int
}

func (g *geo) add(x float64) { g.sum += math.Log(x); g.n++ }
func (g *geo) mean() float64 { return math.Exp(g.sum / float64(g.n)) }

// eventNames lists the events in the input: the known order first.
func (r *results) eventNames(prefix string) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range events {
		seen[e] = true
		out = append(out, e)
	}
	for _, name := range r.order {
		if e, ok := strings.CutPrefix(name, prefix); ok && !strings.Contains(e, "/") && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

func cell(x float64, ok bool, format string) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf(format, x)
}

func verdict(ok bool) string {
	if ok {
		return "MET"
	}
	return "MISSED"
}

func (r *results) report(out io.Writer) {
	w := out
	if r.brief || !slices.ContainsFunc(r.eventNames("BenchmarkBaseline/"), r.ran) {
		w = io.Discard // no table, or none of its benchmarks ran
	}
	name := r.statName
	if name == "" {
		name = "median"
	}
	fmt.Fprintf(w, "%s ns/op over the runs; ratios are evplugin / baseline (aws-lambda-go events + encoding/json).\n", strings.ToUpper(name[:1])+name[1:])
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-18s %11s %8s %8s %8s %8s %9s %7s\n", "event", "base ns/op", "allocs", "Decode", "allocs", "DecodeMap", "Detect", "allocs")
	var gDec, gMap, gDet geo
	var detAllocsMax float64
	var notReady []string
	rows := 0
	for _, e := range r.eventNames("BenchmarkBaseline/") {
		base, okBase := r.ns("BenchmarkBaseline/" + e)
		if !r.ran(e) {
			continue // not in this run at all
		}
		rows++
		baseAllocs, _ := r.allocs("BenchmarkBaseline/" + e)
		dec, okDec := r.ratio("BenchmarkDecode/"+e, "BenchmarkBaseline/"+e)
		decAllocs, okDecA := r.allocs("BenchmarkDecode/" + e)
		dm, okMap := r.ratio("BenchmarkDecodeMap/"+e, "BenchmarkBaseline/"+e)
		det, okDet := r.ratio("BenchmarkDetect/"+e, "BenchmarkBaseline/"+e)
		detAllocs, okDetA := r.allocs("BenchmarkDetect/" + e)
		if okDec {
			gDec.add(dec)
		}
		if okMap {
			gMap.add(dm)
		}
		if okDet {
			gDet.add(det)
			detAllocsMax = max(detAllocsMax, detAllocs)
		}
		if !okDec {
			why := r.skipped["BenchmarkDecode/"+e]
			if why == "" {
				why = "no result"
			}
			notReady = append(notReady, fmt.Sprintf("%s: %s", e, why))
		}
		fmt.Fprintf(w, "%-18s %11s %8s %8s %8s %8s %9s %7s\n", e,
			cell(base, okBase, "%.0f"), cell(baseAllocs, okBase, "%.0f"),
			cell(dec, okDec, "%.3f"), cell(decAllocs, okDecA, "%.0f"),
			cell(dm, okMap, "%.2f"),
			cell(det, okDet, "%.4f"), cell(detAllocs, okDetA, "%.0f"))
	}
	g := func(x geo) (float64, bool) { return x.mean(), x.n > 0 }
	dec, okDec := g(gDec)
	dm, okMap := g(gMap)
	det, okDet := g(gDet)
	fmt.Fprintf(w, "%-18s %11s %8s %8s %8s %8s %9s %7s\n", fmt.Sprintf("geomean (%d/%d)", gDec.n, rows), "", "",
		cell(dec, okDec, "%.3f"), "", cell(dm, okMap, "%.2f"), cell(det, okDet, "%.4f"), "")
	fmt.Fprintf(w, "%-18s %11s %8s %8s %8s %8s %9s %7s\n", "goal", "", "",
		fmt.Sprintf("≤%.2f", goalDecode), "", fmt.Sprintf("≤%.2f", goalDecodeMap), fmt.Sprintf("≤%.2f", goalDetect), "0")
	fmt.Fprintln(w)
	w = out
	if okDec {
		fmt.Fprintf(w, "Decode    geomean %.3f× baseline, goal ≤%.2f×: %s\n", dec, goalDecode, verdict(dec <= goalDecode))
	}
	if okMap {
		fmt.Fprintf(w, "DecodeMap geomean %.2f× baseline, goal ≤%.2f×: %s\n", dm, goalDecodeMap, verdict(dm <= goalDecodeMap))
	}
	if okDet {
		fmt.Fprintf(w, "Detect    geomean %.4f× baseline (%.2f%%), goal ≤%.0f%% and 0 allocs/op (max %.0f): %s\n",
			det, det*100, goalDetect*100, detAllocsMax, verdict(det <= goalDetect && detAllocsMax == 0))
	}
	if r.brief {
		r.reportLarge(out)
		r.reportSources(out)
		r.reportPeers(out)
		return
	}
	for _, s := range notReady {
		fmt.Fprintf(w, "not ready: %s\n", s)
	}
	r.reportLarge(w)
	r.reportSources(w)
	r.reportCandidates(w)
	r.reportPeers(w)
}

// peerRatios are the columns of the peers table: evplugin's benchmark
// over a peer's, with the goal of its geomean (0: none).
var peerRatios = []struct {
	num, den string
	goal     float64
}{
	{"decode", "baseline", 0},
	{"decode", "goccy", goalPeerGoccy},
	{"decode", "sonic", goalPeerSonic},
	{"decodeas", "goccy", goalPeerTyped},
	{"handle", "goccy", goalPeerTyped},
	{"handle", "sonic", 0},
}

// reportPeers compares evplugin with the typed decoders on aws-lambda-go's
// samples (BenchmarkPeers/<source>/<decoder>), per source and as geomeans
// over the sources, with the spread of the per-source ratios.
func (r *results) reportPeers(w io.Writer) {
	const prefix = "BenchmarkPeers/"
	var ids []string
	for _, name := range r.order {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if id, _, _ := strings.Cut(rest, "/"); !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return
	}
	out := w
	if r.brief {
		w = io.Discard
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "evplugin vs typed decoders into aws-lambda-go's types, on aws-lambda-go's samples (all of a source per op):")
	fmt.Fprintf(w, "%-36s %9s", "source", "goccy ns")
	for _, c := range peerRatios {
		fmt.Fprintf(w, " %15s", c.num+"/"+c.den)
	}
	fmt.Fprintln(w)
	geos := make([]geo, len(peerRatios))
	lo, hi := make([]float64, len(peerRatios)), make([]float64, len(peerRatios))
	for _, id := range ids {
		g, okG := r.ns(prefix + id + "/goccy")
		fmt.Fprintf(w, "%-36s %9s", id, cell(g, okG, "%.0f"))
		for i, c := range peerRatios {
			x, ok := r.ratio(prefix+id+"/"+c.num, prefix+id+"/"+c.den)
			if ok {
				if geos[i].n == 0 || x < lo[i] {
					lo[i] = x
				}
				hi[i] = max(hi[i], x)
				geos[i].add(x)
			}
			fmt.Fprintf(w, " %15s", cell(x, ok, "%.3f"))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%-36s %9s", "geomean", "")
	for i := range peerRatios {
		fmt.Fprintf(w, " %15s", cell(geos[i].mean(), geos[i].n > 0, "%.3f"))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	for i, c := range peerRatios {
		if c.goal == 0 {
			continue
		}
		if geos[i].n == 0 {
			fmt.Fprintf(out, "Peers %s/%s: no result (%s)\n", c.num, c.den, r.skippedPeer(c.den))
			continue
		}
		m := geos[i].mean()
		fmt.Fprintf(out, "Peers %-8s geomean %.3f× %s (%d sources, %.2f–%.2f), goal ≤%.2f×: %s\n",
			c.num, m, c.den, geos[i].n, lo[i], hi[i], c.goal, verdict(m <= c.goal))
	}
}

// skippedPeer is why a peer's benchmarks were skipped, if they were.
func (r *results) skippedPeer(peer string) string {
	for name, why := range r.skipped {
		if strings.HasPrefix(name, "BenchmarkPeers/") && strings.HasSuffix(name, "/"+peer) && why != "" {
			return why
		}
	}
	return "not run"
}

// reportSources compares detection with many sources to detection with
// the built-in ones (BenchmarkDetectSources/<event>/<n> against
// BenchmarkDetectSources/<event>/builtin), and reports BenchmarkRegister.
func (r *results) reportSources(w io.Writer) {
	const prefix, ref, few = "BenchmarkDetectSources/", "builtin", "11"
	var events, sets []string
	for _, name := range r.order {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			e, set, _ := strings.Cut(rest, "/")
			if !slices.Contains(events, e) {
				events = append(events, e)
			}
			if set != ref && set != few && !slices.Contains(sets, set) {
				sets = append(sets, set)
			}
		}
	}
	out := w
	if r.brief {
		w = io.Discard
	}
	// compare prints the table of set against base and returns the
	// geomean of their ratios, over n events.
	compare := func(title, base, set string) (mean float64, n int) {
		fmt.Fprintln(w)
		fmt.Fprintln(w, title)
		fmt.Fprintf(w, "%-18s %11s %11s %8s\n", "event", base+" ns", set+" ns", "ratio")
		var g geo
		for _, e := range events {
			b, ok1 := r.ns(prefix + e + "/" + base)
			many, ok2 := r.ns(prefix + e + "/" + set)
			if !ok1 || !ok2 || b == 0 {
				continue
			}
			g.add(many / b)
			fmt.Fprintf(w, "%-18s %11.0f %11.0f %8.3f\n", e, b, many, many/b)
		}
		return g.mean(), g.n
	}
	if m, n := compare("Detection with every built-in source vs the 11 of the foundation, same events:", few, ref); n > 0 {
		fmt.Fprintf(out, "Detect with every built-in source geomean %.3f× the 11 of the foundation (%d events), goal ≤%.1f×: %s\n",
			m, n, goalBuiltin, verdict(m <= goalBuiltin))
	}
	for _, set := range sets {
		title := fmt.Sprintf("Detection with %s sources (built-in and synthetic) vs the built-in ones alone, same events:", set)
		if m, n := compare(title, ref, set); n > 0 {
			fmt.Fprintf(out, "Detect with %s sources geomean %.3f× the built-in ones (%d events), goal ≤%.1f×: %s\n",
				set, m, n, goalSources, verdict(m <= goalSources))
		}
	}
	if ns, ok := r.ns("BenchmarkRegister"); ok {
		allocs, _ := r.allocs("BenchmarkRegister")
		fmt.Fprintf(out, "Register 150 sources one by one, then the first Detect: %.2f ms, %.0f allocs\n", ns/1e6, allocs)
	}
}

func (r *results) reportLarge(w io.Writer) {
	var variants []string
	for _, name := range r.order {
		if v, ok := strings.CutPrefix(name, "BenchmarkLargeBody/baseline/"); ok {
			variants = append(variants, v)
		}
	}
	if len(variants) == 0 {
		return
	}
	out := w
	if r.brief {
		w = io.Discard
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Large body: SQS event, 256 KiB body before Records[0].eventSource.")
	fmt.Fprintf(w, "%-18s %11s %8s %8s %8s %8s\n", "variant", "base ns/op", "Detect", "allocs", "Decode", "allocs")
	for _, v := range variants {
		base, _ := r.ns("BenchmarkLargeBody/baseline/" + v)
		det, okDet := r.ratio("BenchmarkLargeBody/detect/"+v, "BenchmarkLargeBody/baseline/"+v)
		detA, okDetA := r.allocs("BenchmarkLargeBody/detect/" + v)
		dec, okDec := r.ratio("BenchmarkLargeBody/decode/"+v, "BenchmarkLargeBody/baseline/"+v)
		decA, okDecA := r.allocs("BenchmarkLargeBody/decode/" + v)
		fmt.Fprintf(w, "%-18s %11.0f %8s %8s %8s %8s\n", v, base,
			cell(det, okDet, "%.4f"), cell(detA, okDetA, "%.0f"), cell(dec, okDec, "%.3f"), cell(decA, okDecA, "%.0f"))
		if okDet {
			fmt.Fprintf(out, "  LargeBody/%s detect %.2f%% of baseline, goal ≤%.0f%%: %s\n", v, det*100, goalLarge*100, verdict(det <= goalLarge))
		}
	}
}

func (r *results) reportCandidates(w io.Writer) {
	const prefix, ref = "BenchmarkCandidates/", "encoding-json"
	var libs []string
	for _, name := range r.order {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			lib, _, _ := strings.Cut(rest, "/")
			if !slices.Contains(libs, lib) {
				libs = append(libs, lib)
			}
		}
	}
	if !slices.Contains(libs, ref) {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "JSON libraries unmarshalling into aws-lambda-go types, vs encoding/json (geomean over events):")
	fmt.Fprintf(w, "%-20s %8s %8s %7s\n", "library", "time", "allocs", "events")
	for _, lib := range libs {
		var gt, ga geo
		for _, e := range r.eventNames(prefix + ref + "/") {
			t, ok := r.ratio(prefix+lib+"/"+e, prefix+ref+"/"+e)
			if !ok {
				continue
			}
			gt.add(t)
			a, okA := r.allocs(prefix + lib + "/" + e)
			b, okB := r.allocs(prefix + ref + "/" + e)
			if okA && okB && a > 0 && b > 0 {
				ga.add(a / b)
			}
		}
		if gt.n == 0 {
			fmt.Fprintf(w, "%-20s %8s %8s %7d\n", lib, "-", "-", 0)
			continue
		}
		fmt.Fprintf(w, "%-20s %7.3f× %7.3f× %7d\n", lib, gt.mean(), ga.mean(), gt.n)
	}
}
