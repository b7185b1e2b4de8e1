package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on: cores, CPU, OS, Java, heap limit and the load when it started. */
record BenchMachine(int cores, String cpu, String os, String javaVersion, long maxHeapMiB, double loadAverage) {

    static BenchMachine current() throws IOException {
        Path cpuInfo = Path.of("/proc/cpuinfo");
        String cpu = !Files.isReadable(cpuInfo) ? System.getProperty("os.arch") : Files.readAllLines(cpuInfo).stream()
                .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse(System.getProperty("os.arch"));
        return new BenchMachine(Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")",
                Runtime.getRuntime().maxMemory() / 1048576,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    String line() {
        return String.format(Locale.ROOT, "machine: %d cores (%s), %s, Java %s, max heap %d MiB, load average %.1f",
                cores, cpu, os, javaVersion, maxHeapMiB, loadAverage);
    }

    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("cores", cores).put("cpu", cpu).put("os", os)
                .put("java", javaVersion).put("max_heap_mib", maxHeapMiB).put("load_average_at_start", loadAverage);
    }
}
