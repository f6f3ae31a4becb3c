# PROJ: CGCS2000 and its Gauss-Kruger zones.
find_package(PROJ 9.0 CONFIG QUIET)
if(NOT PROJ_FOUND)
  message(FATAL_ERROR "HubLand needs PROJ >= 9.0 (Debian: libproj-dev). Run ./hubland.sh, which installs it.")
endif()
message(STATUS "PROJ ${PROJ_VERSION}")
