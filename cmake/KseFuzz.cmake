# Everything compiled for fuzzing carries libFuzzer's coverage instrumentation and the address
# and undefined-behaviour sanitizers, so a fault deep inside a library is caught where it
# happens; only the fuzz targets themselves link libFuzzer's main (tests/fuzz/CMakeLists.txt).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "KSE_FUZZ needs Clang (libFuzzer): configure with the fuzz preset")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
