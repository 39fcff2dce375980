#include "core/utf8.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace dutybot::utf8 {

CodePoint next(std::string_view s, std::size_t at) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto size = static_cast<std::int32_t>(s.size());
  auto i = static_cast<std::int32_t>(at);
  UChar32 c = 0;
  U8_NEXT(bytes, i, size, c);
  return {c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c), static_cast<std::size_t>(i) - at};
}

bool valid(std::string_view s) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto size = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < size;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, size, c);
    if (c < 0) return false;
  }
  return true;
}

std::size_t length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += next(s, i).bytes) ++n;
  return n;
}

std::size_t trimmed_length(std::string_view s) {
  std::size_t total = 0, leading = 0, trailing = 0;
  bool seen_text = false;
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = next(s, i);
    i += cp.bytes;
    ++total;
    if (u_isUWhiteSpace(static_cast<UChar32>(cp.value))) {
      if (seen_text)
        ++trailing;
      else
        ++leading;
    } else {
      seen_text = true;
      trailing = 0;
    }
  }
  return total - leading - trailing;
}

std::string truncate(std::string_view s, std::size_t max_chars) {
  std::size_t i = 0;
  for (std::size_t chars = 0; i < s.size() && chars < max_chars; ++chars) i += next(s, i).bytes;
  return std::string(s.substr(0, i));
}

std::vector<std::string> split_lines(std::string_view s, std::size_t max_chars) {
  std::vector<std::string> pieces(1);
  std::size_t used = 0;  // characters in the last piece
  bool started = false;  // the last piece holds a line already
  for (;;) {
    const std::size_t end = s.find('\n');
    const std::string line = truncate(s.substr(0, end), max_chars);
    const std::size_t chars = length(line);
    if (started && used + 1 + chars > max_chars) {
      pieces.emplace_back();
      used = 0;
      started = false;
    }
    if (started) {
      pieces.back() += '\n';
      ++used;
    }
    pieces.back() += line;
    used += chars;
    started = true;
    if (end == std::string_view::npos) break;
    s.remove_prefix(end + 1);
  }
  return pieces;
}

void append(char32_t c, std::string& out) {
  char buffer[U8_MAX_LENGTH];
  std::int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<std::uint8_t*>(buffer), n, U8_MAX_LENGTH, static_cast<UChar32>(c), error);
  if (error) {
    append(0xFFFD, out);
    return;
  }
  out.append(buffer, static_cast<std::size_t>(n));
}

namespace {

// NFC form of s: «й» typed as и + combining breve matches «й». Most text already is NFC and is not copied.
std::string_view normalised(std::string_view s, std::string& storage) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return s;
  const icu::StringPiece piece(s.data(), static_cast<std::int32_t>(s.size()));
  if (nfc->isNormalizedUTF8(piece, status) || U_FAILURE(status)) return s;
  status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&storage);
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  return U_FAILURE(status) ? s : std::string_view(storage);
}

}  // namespace

namespace {
std::string fold_uncached(std::string_view text) {
  std::string storage;
  const std::string_view s = normalised(text, storage);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const CodePoint cp = next(s, i);
    i += cp.bytes;
    char32_t c = cp.value;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      out += static_cast<char>(c);
      continue;
    }
    c = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
    if (c == U'ё')
      c = U'е';
    else if (c == 0x00A0)
      c = U' ';
    append(c, out);
  }
  return out;
}
}  // namespace

std::string fold(std::string_view text) {
  // Several handlers fold the same message one after another: the last result is kept (fold is pure).
  thread_local std::string last_text;
  thread_local std::string last_folded;
  if (text == last_text && !text.empty()) return last_folded;
  std::string folded = fold_uncached(text);
  last_text.assign(text);
  last_folded = folded;
  return folded;
}

bool is_letter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; }

bool is_letter_or_digit(char32_t c) { return u_isalnum(static_cast<UChar32>(c)) != 0; }

}  // namespace dutybot::utf8
