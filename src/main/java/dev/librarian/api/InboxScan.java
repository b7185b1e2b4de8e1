package dev.librarian.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * LightRAG's {@code POST /documents/scan} (look in the input folder for new files). Librarian watches the inbox
 * all the time, so there is nothing to start: the answer says so in LightRAG's shape, with a {@code scan_} track id
 * as its clients expect.
 */
public final class InboxScan {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final int stableMs;

    /** {@code stableMs}: how long a file in the inbox must stay unchanged before it is taken (INBOX_STABLE_MS). */
    public InboxScan(Clock clock, int stableMs) {
        this.clock = clock;
        this.stableMs = stableMs;
    }

    /** The answer LightRAG gives a scan request. */
    public record Started(String status, String message, @JsonProperty("track_id") String trackId) {
    }

    public Started scan() {
        return new Started("scanning_started",
                "The inbox (INPUT_DIR) is watched continuously: a file placed there is picked up once it has not "
                        + "changed for " + stableMs + " ms (INBOX_STABLE_MS)",
                "scan_" + STAMP.format(clock.instant()) + "_" + UUID.randomUUID().toString().substring(0, 8));
    }
}
