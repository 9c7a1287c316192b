# KSE_SANITIZE instruments every target of the build (libraries, daemons, tests, fuzz targets) with
# the named sanitizers, so a fault inside a library is caught where it happens and not only when a
# test notices its effects. A finding stops the process (-fno-sanitize-recover): a sanitized run
# passes only when it found nothing. Qt, librdkafka and SQLite stay uninstrumented: the system's
# builds. tests/sanitizers/ holds what that forces on each sanitizer and why.
set(KSE_SANITIZE "" CACHE STRING
  "Sanitizers for every target: empty, \"address,undefined\" or \"thread\" (see the sanitize and tsan presets)")
set_property(CACHE KSE_SANITIZE PROPERTY STRINGS "" "address,undefined" "thread")

if(KSE_SANITIZE)
  if(NOT KSE_SANITIZE MATCHES "^(address,undefined|thread)$")
    message(FATAL_ERROR "KSE_SANITIZE: \"${KSE_SANITIZE}\" is neither \"address,undefined\" nor \"thread\"")
  endif()
  add_compile_options(-fsanitize=${KSE_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${KSE_SANITIZE})
endif()

# The thread sanitizer of clang-14 does not follow two things our dependencies do (QProcess's
# vfork-like clone, librdkafka's C11 threads); tests/sanitizers/ supplies what it lacks, linked
# into every executable (kse_link_tsan_shims, called once all targets exist).
if(KSE_SANITIZE STREQUAL "thread")
  add_library(kse_tsan_shims OBJECT
    ${PROJECT_SOURCE_DIR}/tests/sanitizers/tsan_vfork_clone.cpp
    ${PROJECT_SOURCE_DIR}/tests/sanitizers/tsan_c11_threads.cpp)
  target_link_libraries(kse_tsan_shims PRIVATE kse_options)
endif()

function(kse_link_tsan_shims directory)
  if(NOT KSE_SANITIZE STREQUAL "thread")
    return()
  endif()
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")
      target_link_libraries(${target} PRIVATE kse_tsan_shims)
    endif()
  endforeach()
  get_property(children DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(child IN LISTS children)
    kse_link_tsan_shims(${child})
  endforeach()
endfunction()
