// jemalloc's options, read when it starts (the MALLOC_CONF variable still
// overrides them). Only the executables linked with jemalloc carry this file
// (CMakeLists.txt, ARCHGATE_JEMALLOC).
//
// Transparent huge pages for jemalloc's heap and its metadata: a check of a
// large repository builds a few hundred MiB of small objects, and with 4 KiB
// pages a fifth of a repeated run went to page faults and TLB misses
// (docs/performance.md). On kernels where huge pages are off this does nothing.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always";
}
