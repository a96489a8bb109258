// Package jsonscan is the JSON scanner that detection (package registry)
// and the lossless decoder share: whitespace, strings, numbers and literals
// by their grammar, values skipped without recursion, and a path trie whose
// values a scan records as byte spans without allocating. The Scanner
// validates structure; the decoder checks string contents. [Skim], what
// detection runs, validates only what lies on the trie's paths and skips
// the rest by its strings and brackets.
package jsonscan
