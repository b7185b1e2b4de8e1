package dev.librarian.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A document's extraction progress as its status record carries it: chunks extracted out of the document's chunks,
 * the stage it is in ({@code chunking}, {@code extracting}, {@code merging}, {@code embedding}, {@code storing}, or
 * null when it is not being worked on) and the seconds its extraction still needs at the recent pace (null when
 * unknown or not extracting).
 */
public record DocProgress(Integer chunksDone, Integer chunksTotal, String stage, Double etaSeconds) {

    public static final String CHUNKS_DONE = "chunks_done";
    public static final String CHUNKS_TOTAL = "chunks_total";
    public static final String STAGE = "stage";
    public static final String ETA_SECONDS = "eta_seconds";

    /** A document no longer worked on, with its final figures. */
    public static DocProgress finished(int done, int total) {
        return new DocProgress(done, total, null, null);
    }

    /** The progress kept in a record's metadata; absent figures are null. */
    public static DocProgress of(JsonNode metadata) {
        return new DocProgress(
                metadata.hasNonNull(CHUNKS_DONE) ? metadata.get(CHUNKS_DONE).asInt() : null,
                metadata.hasNonNull(CHUNKS_TOTAL) ? metadata.get(CHUNKS_TOTAL).asInt() : null,
                metadata.hasNonNull(STAGE) ? metadata.get(STAGE).asText() : null,
                metadata.hasNonNull(ETA_SECONDS) ? metadata.get(ETA_SECONDS).asDouble() : null);
    }

    /** The same figures with no stage and no ETA: the document stopped being worked on. */
    public DocProgress stopped() {
        return new DocProgress(chunksDone, chunksTotal, null, null);
    }

    /** Writes the figures into a record's metadata; a null chunk count leaves the one already there. */
    public void writeTo(ObjectNode metadata) {
        if (chunksDone != null) {
            metadata.put(CHUNKS_DONE, chunksDone);
        }
        if (chunksTotal != null) {
            metadata.put(CHUNKS_TOTAL, chunksTotal);
        }
        if (stage == null) {
            metadata.putNull(STAGE);
        } else {
            metadata.put(STAGE, stage);
        }
        if (etaSeconds == null) {
            metadata.putNull(ETA_SECONDS);
        } else {
            metadata.put(ETA_SECONDS, Math.round(etaSeconds * 10) / 10.0);
        }
    }
}
