# GEOS: only the reentrant C API (geos_c.h, *_r). 3.11 brings GEOSGeom_createRectangle_r (overlay) after 3.10's GEOSMakeValidWithParams_r.
find_package(GEOS 3.11 CONFIG QUIET)
if(NOT GEOS_FOUND)
  message(FATAL_ERROR "HubLand needs GEOS >= 3.11 (Debian: libgeos-dev). Run ./hubland.sh, which installs it.")
endif()
message(STATUS "GEOS ${GEOS_VERSION}")
