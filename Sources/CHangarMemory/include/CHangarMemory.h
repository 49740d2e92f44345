#ifndef CHANGAR_MEMORY_H
#define CHANGAR_MEMORY_H

/// Hands memory the C allocator keeps after it was freed back to the system (glibc's
/// malloc_trim: each thread's arena otherwise keeps what its thread freed). Returns 1 when
/// some was handed back, 0 when none was or the C library cannot.
int hangar_return_freed_memory(void);

#endif
