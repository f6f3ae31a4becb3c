# OpenSSL's libcrypto: the engine's SHA-256 (layers/src/sha256.cpp). Its SHA-256 uses the CPU's
# SHA extensions where there are some: about ten times GDAL's CPL_SHA256 on this project's
# machines, which matters for the keys of the prepared-layer cache (tens of MB a run).
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
message(STATUS "OpenSSL ${OPENSSL_VERSION}")
