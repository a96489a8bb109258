package main

import (
	"strings"
	"testing"
)

const input = `goos: linux
BenchmarkBaseline/sqs-8   	   15304	     14000 ns/op	  99.65 MB/s	    3728 B/op	      65 allocs/op
BenchmarkBaseline/sqs-8   	   15304	     12000 ns/op	  99.65 MB/s	    3728 B/op	      65 allocs/op
BenchmarkBaseline/sqs-8   	   15304	     10000 ns/op	  99.65 MB/s	    3728 B/op	      65 allocs/op
BenchmarkDecode/sqs-8     	   20391	      6000 ns/op	 111.67 MB/s	    2681 B/op	      22 allocs/op
BenchmarkDecode/sns
    bench_test.go:112: source not ready: registry: unknown source
--- SKIP: BenchmarkDecode/sns
BenchmarkDetect/sqs-8     	  252960	       120 ns/op	1339.49 MB/s	       0 B/op	       0 allocs/op
BenchmarkDetect/sqs-8     	  252960	       360 ns/op	1339.49 MB/s	       0 B/op	       0 allocs/op
PASS
`

func TestParse(t *testing.T) {
	var r results
	if err := r.parse(strings.NewReader(input)); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.ns("BenchmarkBaseline/sqs"); got != 12000 {
		t.Errorf("median baseline = %v, want 12000", got)
	}
	if got, _ := r.ns("BenchmarkDetect/sqs"); got != 240 {
		t.Errorf("median detect = %v, want 240 (mean of the middle two)", got)
	}
	if got, _ := r.ratio("BenchmarkDecode/sqs", "BenchmarkBaseline/sqs"); got != 0.5 {
		t.Errorf("decode ratio = %v, want 0.5", got)
	}
	if got := r.skipped["BenchmarkDecode/sns"]; got != "source not ready: registry: unknown source" {
		t.Errorf("skip reason = %q", got)
	}
	var out strings.Builder
	r.report(&out)
	for _, want := range []string{"sqs", "0.500", "not ready: sns: source not ready"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestSources(t *testing.T) {
	const in = `BenchmarkDetectSources/sqs/11-2        1000    80 ns/op   0 B/op   0 allocs/op
BenchmarkDetectSources/sqs/builtin-2   1000   100 ns/op   0 B/op   0 allocs/op
BenchmarkDetectSources/sns/11-2        1000   200 ns/op   0 B/op   0 allocs/op
BenchmarkDetectSources/sqs/150-2       1000   110 ns/op   0 B/op   0 allocs/op
BenchmarkDetectSources/sns/builtin-2   1000   200 ns/op   0 B/op   0 allocs/op
BenchmarkDetectSources/sns/150-2       1000   220 ns/op   0 B/op   0 allocs/op
BenchmarkRegister-2                    100    800000 ns/op   400000 B/op   2800 allocs/op
`
	var r results
	if err := r.parse(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	r.reportSources(&out)
	for _, want := range []string{"geomean 1.100× the built-in ones (2 events), goal ≤1.5×: MET",
		"every built-in source geomean 1.118× the 11 of the foundation (2 events), goal ≤1.2×: MET", "0.80 ms, 2800 allocs"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPeers(t *testing.T) {
	const in = `BenchmarkPeers/aws.sqs/baseline-2   1000   1000 ns/op
BenchmarkPeers/aws.sqs/goccy-2      1000    400 ns/op
BenchmarkPeers/aws.sqs/decode-2     1000    200 ns/op
BenchmarkPeers/aws.sqs/decodeas-2   1000    300 ns/op
BenchmarkPeers/aws.sqs/handle-2     1000    300 ns/op
BenchmarkPeers/aws.sns/baseline-2   1000   1000 ns/op
BenchmarkPeers/aws.sns/goccy-2      1000    400 ns/op
BenchmarkPeers/aws.sns/decode-2     1000    800 ns/op
BenchmarkPeers/aws.sns/decodeas-2   1000    300 ns/op
BenchmarkPeers/aws.sns/handle-2     1000    300 ns/op
BenchmarkPeers/aws.sns/sonic
    peers_test.go:1: sonic is compared only on amd64 with AVX2
--- SKIP: BenchmarkPeers/aws.sns/sonic
`
	var r results
	if err := r.parse(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	r.reportPeers(&out)
	for _, want := range []string{
		"Peers decode   geomean 1.000× goccy (2 sources, 0.50–2.00), goal ≤1.00×: MET",
		"Peers decode/sonic: no result (sonic is compared only on amd64 with AVX2)",
		"Peers decodeas geomean 0.750× goccy (2 sources, 0.75–0.75), goal ≤0.85×: MET",
		"Peers handle   geomean 0.750× goccy",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestTrimProcs(t *testing.T) {
	for in, want := range map[string]string{
		"BenchmarkDecode/sqs-8":                  "BenchmarkDecode/sqs",
		"BenchmarkDecode/cognito-presignup":      "BenchmarkDecode/cognito-presignup",
		"BenchmarkDecode/cognito-presignup-16":   "BenchmarkDecode/cognito-presignup",
		"BenchmarkLargeBody/detect/json-escaped": "BenchmarkLargeBody/detect/json-escaped",
	} {
		if got := trimProcs(in); got != want {
			t.Errorf("trimProcs(%q) = %q, want %q", in, got, want)
		}
	}
}
