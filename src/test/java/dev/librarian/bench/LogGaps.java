package dev.librarian.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Where a stretch of the service's log went quiet: the longest pauses between consecutive timestamped lines from a
 * given line on, each shown with the line before and the line after it. A slow start-up shows what it waited for.
 */
final class LogGaps {

    private record Gap(double seconds, String before, String after) {
    }

    private LogGaps() {
    }

    static int lineCount(Path log) throws IOException {
        return Files.readAllLines(log).size();
    }

    /** The {@code top} longest pauses after line {@code from} (0-based), longest first, as readable lines. */
    static List<String> longest(Path log, int from, int top) throws IOException {
        List<String> lines = Files.readAllLines(log);
        List<Gap> gaps = new ArrayList<>();
        String previous = null;
        LocalTime previousTime = null;
        for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
            LocalTime time = time(line);
            if (time == null) {
                continue;
            }
            if (previousTime != null) {
                gaps.add(new Gap((time.toNanoOfDay() - previousTime.toNanoOfDay()) / 1e9, previous, line));
            }
            previous = line;
            previousTime = time;
        }
        return gaps.stream().sorted(Comparator.comparingDouble(Gap::seconds).reversed()).limit(top)
                .map(g -> String.format(Locale.ROOT, "%.2f s between%n      %s%n  and %s", g.seconds(),
                        shorten(g.before()), shorten(g.after()))).toList();
    }

    private static LocalTime time(String line) {
        if (line.length() < 12 || line.charAt(2) != ':' || line.charAt(8) != '.') {
            return null;
        }
        try {
            return LocalTime.parse(line.substring(0, 12));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String shorten(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
