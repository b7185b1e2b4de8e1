package dev.librarian.progress;

import java.util.Locale;

/** The progress log line: {@code Идиот.txt: 120/315 chunks (38%), 4.1 chunks/s, ETA 00:00:47}. */
public final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * @param chunksPerSecond the recent pace, or null when not measured yet
     * @param etaSeconds      seconds left at that pace, or null when unknown
     */
    public static String of(String fileName, int done, int total, Double chunksPerSecond, Double etaSeconds) {
        int percent = total == 0 ? 100 : (int) (done * 100L / total);
        return String.format(Locale.ROOT, "%s: %d/%d chunks (%d%%), %s chunks/s, ETA %s", fileName, done, total,
                percent, chunksPerSecond == null ? "?" : String.format(Locale.ROOT, "%.1f", chunksPerSecond),
                clock(etaSeconds));
    }

    /** {@code HH:MM:SS}, or {@code --:--:--} when unknown. */
    static String clock(Double seconds) {
        if (seconds == null) {
            return "--:--:--";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
