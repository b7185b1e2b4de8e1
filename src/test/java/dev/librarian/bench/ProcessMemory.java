package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.PrometheusText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The service process's memory: peak and current resident set ({@code VmHWM}, {@code VmRSS} of
 * {@code /proc/<pid>/status}) and, after a full collection asked for with {@code jcmd <pid> GC.run}, the heap in use
 * as its {@code /metrics} report it ({@code jvm_memory_used_bytes{area="heap"}}).
 */
record ProcessMemory(double peakRssMiB, double rssMiB, double heapAfterGcMiB, double heapMaxMiB) {

    static ProcessMemory of(long pid, ServiceClient client) throws IOException, InterruptedException {
        double peak = procStatusKiB(pid, "VmHWM") / 1024.0;
        double rss = procStatusKiB(pid, "VmRSS") / 1024.0;
        Process gc = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        double heap = Double.NaN;
        if (gc.waitFor(60, TimeUnit.SECONDS) && gc.exitValue() == 0) {
            heap = client.metrics().sum("jvm_memory_used_bytes", "area", "heap") / 1048576.0;
        }
        PrometheusText metrics = client.metrics();
        return new ProcessMemory(peak, rss, heap, metrics.sum("jvm_memory_max_bytes", "area", "heap") / 1048576.0);
    }

    /** A {@code kB} field of {@code /proc/PID/status} (Linux); -1 when the file lacks it. */
    static long procStatusKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
            }
        }
        return -1;
    }

    String line() {
        return String.format(Locale.ROOT, "peak RSS %.0f MiB, RSS %.0f MiB, heap after GC %.1f MiB (max %.0f MiB)",
                peakRssMiB, rssMiB, heapAfterGcMiB, heapMaxMiB);
    }

    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("peak_rss_mib", peakRssMiB).put("rss_mib", rssMiB)
                .put("heap_after_gc_mib", heapAfterGcMiB).put("heap_max_mib", heapMaxMiB);
    }
}
