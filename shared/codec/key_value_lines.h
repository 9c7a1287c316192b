#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.h"

namespace kse {

// One setting of a `key=value` file, with the line it came from (for messages).
struct KeyValueLine {
    int line = 0;
    std::string key;
    std::string value;
};

// The settings of a configuration file's text: `key=value` lines (as `kcat -F` reads them);
// blank lines and lines starting with `#` are skipped, spaces around keys and values trimmed.
// Refused, naming the line: a line without `=` or a key, an oversized key or value, control
// characters, a key given twice, more settings than allowed, and a text over `maxBytes`.
struct KeyValueLimits {
    std::size_t maxBytes = 64 * 1024;
    std::size_t maxLines = 256;
    std::size_t maxKeyBytes = 256;
    std::size_t maxValueBytes = 8 * 1024;
};
Result<std::vector<KeyValueLine>> parseKeyValueLines(std::string_view text, const KeyValueLimits& limits);

// The first `maxBytes + 1` bytes of the file at `path` (one more than allowed, so that an
// oversized file is told apart); a failure names the path when it cannot be read.
Result<std::string> readBoundedFile(const std::string& path, std::size_t maxBytes);

} // namespace kse
