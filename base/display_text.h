// Untrusted text made safe to show to a person: in a terminal, a CI log, a
// GitHub annotation or a step summary. Text from a repository under review or
// from a server that `archgate verify` contacted may hold terminal escapes,
// line breaks that forge a new log line or workflow command, bidirectional
// overrides that make a reader see other code than there is ("Trojan
// Source"), invisible characters, and bytes that are not UTF-8. Each of them
// is shown as an escape, so the reader still sees what is there:
//
//   C0 controls and DEL      \n \r \t, the others \u0000 .. \u001f, \u007f
//   C1 controls              \u0080 .. \u009f
//   bidi controls            \u061c \u200e \u200f \u202a .. \u202e \u2066 .. \u2069
//   zero-width characters    \u200b \u200c \u200d \u2060 \ufeff
//   line/paragraph separator \u2028 \u2029
//   tag characters           \U000e0000 .. \U000e007f (invisible "ASCII smuggling")
//   invalid UTF-8            \xff (each byte that starts no valid sequence)
//
// Everything else passes unchanged, a backslash included: the output is for
// reading, not for unescaping.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace archgate {

std::string display_escape(std::string_view bytes);

// display_escape(bytes) when it is at most `limit` characters (code points)
// long; else its start, cut between two escaped units (never inside an
// escape or a UTF-8 sequence), with "…" appended so that the whole result,
// the "…" included, is `limit` characters. limit 0 gives "".
std::string display_excerpt(std::string_view bytes, std::size_t limit);

}  // namespace archgate
