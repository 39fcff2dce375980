#pragma once
// Reads a whole text file, or throws std::runtime_error saying which file (and what it was for) could not be read.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace dutybot {

inline std::string read_text_file(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + what + " '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace dutybot
