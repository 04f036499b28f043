// jemalloc's options, read when it starts (the MALLOC_CONF variable still
// overrides them, e.g. MALLOC_CONF=thp:default). Only the executables linked
// with jemalloc carry this file (CMakeLists.txt, ARCHGATE_JEMALLOC).
//
// Transparent huge pages for jemalloc's heap and its metadata. A cold check
// of a large repository keeps a few hundred MiB of small objects, and a
// --staged run decodes two models: with 4 KiB pages that is tens of
// thousands of page faults, which cost about 13 us each on the virtual
// machines archgate is measured on (a fifth of a cold check's CPU time). With
// huge pages the faults drop from ~70,000 to ~4,000; what remains is zeroing
// the pages. Measured both ways in docs/performance.md (an earlier machine
// showed the opposite, so re-measure before changing this). On kernels where
// huge pages are off this does nothing.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always";
}
