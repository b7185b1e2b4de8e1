package dev.librarian.library;

import java.util.Set;

/** The files of LightRAG's working directory that the store mirrors. */
public final class MirrorFiles {

    public static final Set<String> ALL = Set.of(
            "kv_store_full_docs.json", "kv_store_text_chunks.json", "kv_store_llm_response_cache.json",
            "kv_store_full_entities.json", "kv_store_full_relations.json", "kv_store_entity_chunks.json",
            "kv_store_relation_chunks.json", "kv_store_doc_status.json",
            "vdb_entities.json", "vdb_relationships.json", "vdb_chunks.json",
            "graph_chunk_entity_relation.graphml");

    private MirrorFiles() {
    }
}
