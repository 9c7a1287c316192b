# One place for the language standard, warnings and Qt safety defines of every target.
add_library(kse_options INTERFACE)
target_compile_features(kse_options INTERFACE cxx_std_20)
target_compile_options(kse_options INTERFACE
  -Wall -Wextra -pedantic -Wold-style-cast -Wnon-virtual-dtor
  # A local that hides another: GCC spells it -Wshadow=local, which Clang (the fuzz preset) does
  # not know; Clang's -Wshadow is the nearest (it also covers globals, of which we have none).
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
  $<$<CXX_COMPILER_ID:Clang>:-Wshadow>
  # Implicit conversions that can change a value (narrowing, signed to unsigned, 64 to 32 bits,
  # integer to floating point): money and quantities are 64-bit integers, and one silent
  # truncation is a wrong amount. GCC (dev) and Clang (sanitize, tsan) each catch cases the other
  # misses.
  -Wconversion -Wsign-conversion)
target_compile_definitions(kse_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CONTEXTLESS_CONNECT QT_NO_KEYWORDS
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  KSE_VERSION="${PROJECT_VERSION}")
if(KSE_WERROR)
  target_compile_options(kse_options INTERFACE -Werror)
endif()
