import CHangarMemory
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The allocator is really asked to hand freed memory back (the national report and the
/// merge call it after each workshop): a C library header must be read before the test for
/// glibc, or the call compiles to nothing.
@Suite struct FreedMemoryTests {
    @Test func freedBlocksInTheMiddleOfTheHeapAreHandedBack() {
        #if canImport(Glibc)
        // 64 MB in blocks under the size glibc maps on its own, then one block after them,
        // kept, so what is freed is not at the heap's end (free alone never returns it).
        let blocks = (0..<2_048).map { _ -> UnsafeMutableRawPointer in
            let block = malloc(32 * 1024)!
            memset(block, 0x5A, 32 * 1024)
            return block
        }
        let kept = malloc(64)!
        for block in blocks { free(block) }
        #expect(hangar_return_freed_memory() == 1)
        free(kept)
        #else
        #expect(hangar_return_freed_memory() == 0)
        #endif
    }
}
