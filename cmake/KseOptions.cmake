# One place for the language standard, warnings and Qt safety defines of every target.
add_library(kse_options INTERFACE)
target_compile_features(kse_options INTERFACE cxx_std_20)
target_compile_options(kse_options INTERFACE
  -Wall -Wextra -pedantic -Wold-style-cast -Wnon-virtual-dtor
  # A local that hides another local: GCC spells it -Wshadow=local; Clang's -Wshadow also
  # covers it (and globals, which we have none of), its -Wshadow=local is unknown.
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
  $<$<CXX_COMPILER_ID:Clang>:-Wshadow>)
target_compile_definitions(kse_options INTERFACE
  QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CONTEXTLESS_CONNECT QT_NO_KEYWORDS
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  KSE_VERSION="${PROJECT_VERSION}")
if(KSE_WERROR)
  target_compile_options(kse_options INTERFACE -Werror)
endif()
