// Package jsonscan is the JSON scanner that detection (package registry)
// and the lossless decoder share: whitespace, strings, numbers and literals
// by their grammar, values skipped without recursion, and a path trie whose
// values a scan records as byte spans without allocating. It validates
// structure; the decoder checks string contents.
package jsonscan
