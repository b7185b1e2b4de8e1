package dev.librarian.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The chunking a document was registered with, recorded as LightRAG records it (§1.3 {@code chunk_options}). */
public record ChunkOptions(int size, int overlap) {

    /** {@code {"chunk_token_size", "fixed_token": {...}}} for {@code kv_store_full_docs.json}. */
    public ObjectNode toJson() {
        ObjectNode options = JsonNodeFactory.instance.objectNode();
        options.put("chunk_token_size", size);
        options.putObject("fixed_token").putNull("split_by_character")
                .put("split_by_character_only", false).put("chunk_overlap_token_size", overlap);
        return options;
    }

    /** The {@code chunk_opts} line of the status metadata. */
    public String summary() {
        return "size=" + size + ", split_only=False, overlap=" + overlap;
    }
}
