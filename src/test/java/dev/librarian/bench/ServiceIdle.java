package dev.librarian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits until the service process has settled after its start: its log says the token counts of the whole library
 * are made (route {@code query-warm-up-library}, a few seconds after start-up), then its CPU time, from
 * {@code /proc/<pid>/stat}, grows by less than a tenth of one core over {@value #QUIET_SAMPLES} consecutive
 * half-second samples: the idle merges of the vector indexes that follow (a core busy for up to a minute, with a
 * second's pause for writing their files) are done too. Questions measured before that would time the warm-up and
 * the merges, not the questions.
 */
final class ServiceIdle {

    private static final long SAMPLE_MILLIS = 500;
    private static final double IDLE_SHARE = 0.10;
    private static final int QUIET_SAMPLES = 4;
    /** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100;

    private ServiceIdle() {
    }

    private static final String WARMED_UP = "made ahead of the questions";

    /**
     * The time waited; at most {@code limit} (the service may never look idle on a busy machine). {@code fromLine}:
     * the log's line count when the service was started.
     */
    static Duration await(long pid, Path log, int fromLine, Duration limit) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!warmedUp(log, fromLine) && System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE_MILLIS);
        }
        double before = cpuSeconds(pid);
        int quietSamples = 0;
        while (quietSamples < QUIET_SAMPLES && System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE_MILLIS);
            double now = cpuSeconds(pid);
            quietSamples = (now - before) < IDLE_SHARE * SAMPLE_MILLIS / 1000.0 ? quietSamples + 1 : 0;
            before = now;
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static boolean warmedUp(Path log, int fromLine) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.skip(fromLine).anyMatch(line -> line.contains(WARMED_UP));
        }
    }

    /** The process's CPU time so far (user and system), in seconds. */
    static double cpuSeconds(long pid) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / TICKS_PER_SECOND;
    }

    /** CPU time (user and system) in a {@code /proc/…/stat} line of a process or thread, in seconds. */
    static double statCpuSeconds(String stat) {
        return cpuTicks(stat) / TICKS_PER_SECOND;
    }

    private static long cpuTicks(String stat) {
        // the command name (field 2) may hold spaces: the fields after it start past its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
