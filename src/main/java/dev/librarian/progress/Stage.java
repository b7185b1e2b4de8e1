package dev.librarian.progress;

import java.util.Locale;

/** Where a document is in the pipeline, in the order it passes through. */
public enum Stage {
    CHUNKING, EXTRACTING, MERGING, EMBEDDING, STORING;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
