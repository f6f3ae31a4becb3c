# SQLite + SpatiaLite: the embedded workspace and the rule evaluator. No CMake config ships,
# so pkg-config it is.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3>=3.35)
pkg_check_modules(SPATIALITE REQUIRED IMPORTED_TARGET spatialite>=5.0)
message(STATUS "SQLite ${SQLITE3_VERSION}, SpatiaLite ${SPATIALITE_VERSION}")
