package dev.librarian.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fields LightRAG's JsonKVStorage adds to every record it upserts (§1.1): {@code create_time} (kept from the
 * earlier record when the key existed), {@code update_time} and {@code _id}; text chunks also get a missing
 * {@code llm_cache_list: []}. {@code doc_status} records are not stamped.
 */
public final class LightRagStamps {

    private LightRagStamps() {
    }

    public static boolean stamped(String namespace) {
        return !"doc_status".equals(namespace);
    }

    /** Stamps {@code record} in place, {@code previousCreateTime} being the earlier record's (or null). */
    public static void stamp(String namespace, String key, ObjectNode record, Long previousCreateTime, long now) {
        if ("text_chunks".equals(namespace) && !record.has("llm_cache_list")) {
            record.putArray("llm_cache_list");
        }
        if (previousCreateTime != null) {
            record.put("create_time", previousCreateTime);
        } else if (!record.hasNonNull("create_time")) {
            record.put("create_time", now);
        }
        record.put("update_time", now);
        record.put("_id", key);
    }
}
