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
endif()
target_include_directories(hubland_flags INTERFACE ${CMAKE_BINARY_DIR}/generated)
