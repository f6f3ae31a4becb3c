# jemalloc: the allocator of every HubLand program (not a library), with transparent huge pages.
# A whole-city run allocates gigabytes of short-lived columns and geometries; with glibc's malloc
# about a fifth of it was the kernel zeroing and mapping 4 KiB pages (docs/performance.md,
# "The allocator"). Programs link `hubland_allocator`; it is empty when HUBLAND_JEMALLOC is off
# and under the sanitizers, whose own allocator must see every allocation.
option(HUBLAND_JEMALLOC "Link the HubLand programs with jemalloc (huge pages)" ON)
add_library(hubland_allocator INTERFACE)
if(HUBLAND_JEMALLOC AND NOT HUBLAND_SANITIZE AND NOT HUBLAND_FUZZ)
  find_path(JEMALLOC_INCLUDE_DIR jemalloc/jemalloc.h)
  find_library(JEMALLOC_LIBRARY jemalloc)
  if(NOT JEMALLOC_INCLUDE_DIR OR NOT JEMALLOC_LIBRARY)
    message(FATAL_ERROR "HubLand needs jemalloc (Debian: libjemalloc-dev), or -DHUBLAND_JEMALLOC=OFF. Run ./hubland.sh, which installs it.")
  endif()
  # The options are compiled into each program (jemalloc reads the program's malloc_conf).
  target_sources(hubland_allocator INTERFACE ${PROJECT_SOURCE_DIR}/geo/allocator/jemalloc_conf.cpp)
  target_include_directories(hubland_allocator INTERFACE ${JEMALLOC_INCLUDE_DIR})
  target_link_libraries(hubland_allocator INTERFACE ${JEMALLOC_LIBRARY})
  target_compile_definitions(hubland_allocator INTERFACE HUBLAND_JEMALLOC=1)
  message(STATUS "jemalloc ${JEMALLOC_LIBRARY}")
else()
  message(STATUS "jemalloc off: the system allocator")
endif()
