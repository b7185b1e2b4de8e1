package dev.librarian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time a JVM's JIT compiler threads have used so far ({@code C1 CompilerThread…}, {@code C2 CompilerThread…}
 * under {@code /proc/PID/task}): the part of a service's CPU spent compiling its code rather than running it.
 * Linux only; 0 where the threads cannot be read.
 */
final class CompilerCpu {

    private CompilerCpu() {
    }

    static double seconds(long pid) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToDouble(CompilerCpu::compilerSeconds).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double compilerSeconds(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                    ? ServiceIdle.statCpuSeconds(stat) : 0;
        } catch (IOException | RuntimeException threadEnded) {
            return 0;
        }
    }
}
