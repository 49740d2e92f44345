#include "CHangarMemory.h"
// Any C library header defines __GLIBC__ on glibc; without one first, the test below is
// always false and nothing is ever handed back.
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int hangar_return_freed_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
