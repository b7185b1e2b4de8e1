package dev.librarian.library;

import dev.librarian.model.StoredChunk;
import dev.librarian.store.KvStore;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The store's chunk records ({@code text_chunks}) as {@link StoredChunk}s. */
public final class TextChunks {

    private final KvStore records;

    public TextChunks(KvStore records) {
        this.records = records;
    }

    public Optional<StoredChunk> get(String id) {
        return records.get(id).map(r -> StoredChunk.fromJson(id, r));
    }

    /** Those of {@code ids} that exist, read in a few statements. */
    public Map<String, StoredChunk> getAll(Collection<String> ids) {
        Map<String, StoredChunk> found = new LinkedHashMap<>();
        records.getAll(ids).forEach((id, r) -> found.put(id, StoredChunk.fromJson(id, r)));
        return found;
    }

    /** Ids of the stored chunks of {@code docId}, in key order. */
    public List<String> idsOf(String docId) {
        return records.keysWithPrefix(docId + "-chunk-");
    }

    public void forEach(Consumer<StoredChunk> action) {
        records.forEach((id, r) -> action.accept(StoredChunk.fromJson(id, r)));
    }

    public void put(StoredChunk chunk) {
        records.upsert(chunk.id(), chunk.toJson());
    }

    public boolean delete(String id) {
        return records.delete(id);
    }
}
