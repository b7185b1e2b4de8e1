package dev.librarian.bench;

import java.net.http.HttpResponse;

/** Reads one metric of an answer's {@code Server-Timing} header ({@code name;dur=ms, ...}). */
final class ServerTiming {

    private ServerTiming() {
    }

    /** The metric's duration in ms; NaN when the answer has no such metric. */
    static double millis(HttpResponse<?> answer, String metric) {
        String header = answer.headers().firstValue("Server-Timing").orElse("");
        for (String part : header.split(",")) {
            String[] nameAndDuration = part.trim().split(";dur=");
            if (nameAndDuration.length == 2 && nameAndDuration[0].equals(metric)) {
                return Double.parseDouble(nameAndDuration[1]);
            }
        }
        return Double.NaN;
    }
}
