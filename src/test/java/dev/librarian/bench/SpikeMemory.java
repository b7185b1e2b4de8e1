package dev.librarian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Heap in use after a GC and the process's resident set (now and peak), as a benchmark reports them. */
record SpikeMemory(long heapUsedMiB, long heapCommittedMiB, long rssMiB, long peakRssMiB) {

    static SpikeMemory now() throws IOException {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new SpikeMemory((rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20,
                procStatusKiB("VmRSS:") >> 10, procStatusKiB("VmHWM:") >> 10);
    }

    private static long procStatusKiB(String key) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith(key))
                .map(l -> Long.parseLong(l.substring(key.length()).replace("kB", "").strip()))
                .findFirst().orElse(-1L);
    }

    String line() {
        return String.format(Locale.ROOT, "heap %d MiB after GC (committed %d), RSS %d MiB (peak %d)",
                heapUsedMiB, heapCommittedMiB, rssMiB, peakRssMiB);
    }
}
