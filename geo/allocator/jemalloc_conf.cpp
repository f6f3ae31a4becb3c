// jemalloc's options for a HubLand program, compiled into the program itself (see
// cmake/jemalloc.cmake). jemalloc reads `malloc_conf` before the first allocation; the
// MALLOC_CONF environment variable still overrides it.
//  - thp:always: memory in 2 MiB transparent huge pages (madvise), so that a million-parcel
//    table costs a few hundred page faults instead of hundreds of thousands;
//  - metadata_thp:auto: jemalloc's own bookkeeping too, once it is large.
#include <jemalloc/jemalloc.h>

extern "C" {
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
