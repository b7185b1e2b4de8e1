package dev.librarian.merge;

import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.model.Chunk;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.RelationKey;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a merged document changes in the index, ready to be written.
 *
 * @param entityChunks   full, uncapped chunk id list of every put entity (kv_store_entity_chunks)
 * @param relationChunks same for every put relation (kv_store_relation_chunks)
 * @param docEntities    entity names the document mentions (kv_store_full_entities)
 * @param docRelations   relation pairs the document mentions (kv_store_full_relations)
 */
public record IndexUpdate(String docId, List<Chunk> chunks, List<ChunkExtraction> extractions,
                          Contributions.Change change,
                          List<EntityNode> putEntities, Set<String> removedEntities,
                          List<RelationEdge> putRelations, Set<RelationKey> removedRelations,
                          Map<String, List<String>> entityChunks, Map<RelationKey, List<String>> relationChunks,
                          Set<String> docEntities, Set<RelationKey> docRelations) {
}
