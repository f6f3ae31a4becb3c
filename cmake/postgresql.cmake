# libpq: the PostGIS workspace backend (postgresql://... URLs). The server itself (postgresql,
# postgresql-15-postgis-3) is only needed by the tests, which start a throwaway cluster.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq>=13)
message(STATUS "libpq ${LIBPQ_VERSION}")
