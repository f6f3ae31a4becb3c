# GDAL/OGR: all vector I/O. 3.6 brings OGR_L_GetArrowStream (RFC 86) and MakeValid.
find_package(GDAL 3.6 CONFIG QUIET)
if(NOT GDAL_FOUND)
  message(FATAL_ERROR "HubLand needs GDAL >= 3.6 (Debian: libgdal-dev). Run ./hubland.sh, which installs it.")
endif()
message(STATUS "GDAL ${GDAL_VERSION}")
