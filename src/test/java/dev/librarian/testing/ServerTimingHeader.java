package dev.librarian.testing;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metrics of an answer's {@code Server-Timing} header ({@code name;dur=ms, ...}), in their order. */
public final class ServerTimingHeader {

    private ServerTimingHeader() {
    }

    /** Each metric's duration in ms; empty without the header; a metric without a duration is an error. */
    public static Map<String, Double> metrics(HttpResponse<?> answer) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        String header = answer.headers().firstValue("Server-Timing").orElse("");
        if (header.isBlank()) {
            return metrics;
        }
        for (String metric : header.split(",")) {
            String[] nameAndDuration = metric.trim().split(";dur=");
            if (nameAndDuration.length != 2) {
                throw new IllegalArgumentException("a Server-Timing metric without a duration: " + header);
            }
            metrics.put(nameAndDuration[0], Double.parseDouble(nameAndDuration[1]));
        }
        return metrics;
    }
}
