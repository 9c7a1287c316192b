# Everything compiled for fuzzing carries libFuzzer's coverage instrumentation, so the fuzzer is
# guided by what it reaches deep inside the libraries; only the fuzz targets themselves link
# libFuzzer's main (tests/fuzz/CMakeLists.txt). The address and undefined-behaviour sanitizers
# (KSE_SANITIZE, cmake/KseSanitizers.cmake) make a fault fail where it happens.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "KSE_FUZZ needs Clang (libFuzzer): configure with the sanitize preset")
endif()
if(NOT KSE_SANITIZE STREQUAL "address,undefined")
  message(FATAL_ERROR "KSE_FUZZ needs KSE_SANITIZE=address,undefined: configure with the sanitize preset")
endif()
add_compile_options(-fsanitize=fuzzer-no-link)
