#pragma once

#include <cstdio>
#include <cstdlib>

namespace kse::fuzz {

// A property every input must keep. Breaking it aborts, which libFuzzer reports as a crash and
// keeps the input that did it.
inline void check(bool holds, const char* property) {
    if (holds)
        return;
    std::fprintf(stderr, "fuzz: property broken: %s\n", property);
    std::abort();
}

} // namespace kse::fuzz
