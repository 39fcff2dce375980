#pragma once
// UTF-8 text as people type it: validation, lengths in characters, and folding for matching (ICU underneath).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dutybot::utf8 {

// One decoded character: its code point (U+FFFD for an invalid byte) and how many bytes it took.
struct CodePoint {
  char32_t value = 0;
  std::size_t bytes = 1;
};

// The character that starts at byte `at` of s (at < s.size()).
CodePoint next(std::string_view s, std::size_t at);

// Whether s is well-formed UTF-8 (no stray, truncated or overlong sequences, no surrogates).
bool valid(std::string_view s);

// The number of characters (code points) in s.
std::size_t length(std::string_view s);

// The number of characters in s without the white space (Unicode's) at both ends.
std::size_t trimmed_length(std::string_view s);

// s cut to at most max_chars characters, never inside a character.
std::string truncate(std::string_view s, std::size_t max_chars);

// s in as few pieces of at most max_chars characters as it takes, each cut after a whole line ('\n' dropped at the
// cut); only a single line longer than max_chars is cut inside, and only there. Empty s gives one empty piece.
std::vector<std::string> split_lines(std::string_view s, std::size_t max_chars);

// Text for matching: NFC-normalised, case-folded (every script ICU knows, Cyrillic and Latin included),
// ё written as е and a no-break space as a space; invalid bytes become U+FFFD.
std::string fold(std::string_view s);

// Unicode letter; letter or decimal digit.
bool is_letter(char32_t c);
bool is_letter_or_digit(char32_t c);

// Appends the UTF-8 form of c to out.
void append(char32_t c, std::string& out);

}  // namespace dutybot::utf8
