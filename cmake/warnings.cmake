# hubland_flags: an INTERFACE target every HubLand target links, carrying the standard,
# strict warnings and the optional sanitizers.
add_library(hubland_flags INTERFACE)
target_compile_features(hubland_flags INTERFACE cxx_std_20)
# Designated initializers (Where{.file = ...}) omit members on purpose.
target_compile_options(hubland_flags INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
# GCC 12 reports false -Wrestrict positives inside std::string assignments at -O2 (GCC bug
# 105329); the warning says nothing about our code there.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(hubland_flags INTERFACE -Wno-restrict)
endif()
if(HUBLAND_WERROR)
  target_compile_options(hubland_flags INTERFACE -Werror)
endif()
if(HUBLAND_SANITIZE)
  target_compile_options(hubland_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(hubland_flags INTERFACE -fsanitize=address,undefined)
  # UBSan findings stop the program instead of scrolling past in a test log.
  target_compile_options(hubland_flags INTERFACE -fno-sanitize-recover=undefined)
endif()
if(HUBLAND_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HUBLAND_FUZZ needs Clang (libFuzzer): CXX=clang++ cmake ... (Debian: clang, libclang-rt-14-dev)")
  endif()
  # Coverage instrumentation for every HubLand target; only the fuzz harnesses link libFuzzer
  # itself (tests/fuzz/CMakeLists.txt), so the same build also runs the suite.
  target_compile_options(hubland_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()
target_include_directories(hubland_flags INTERFACE ${CMAKE_BINARY_DIR}/generated)
