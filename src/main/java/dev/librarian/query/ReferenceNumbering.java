package dev.librarian.query;

import dev.librarian.model.Separators;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the files of the final chunks 1..n, the file with most chunks first and ties by first appearance
 * (LightRAG's {@code generate_reference_list_from_chunks}); chunks of an unknown file get reference id {@code ""}.
 */
final class ReferenceNumbering {

    /** The chunks with their reference ids, and the reference list. */
    record Numbered(List<RetrievedChunk> chunks, List<Reference> references) {
    }

    private ReferenceNumbering() {
    }

    static Numbered number(List<ChunkPicker.Candidate> chunks) {
        Map<String, Integer> counts = new LinkedHashMap<>(); // insertion order = first appearance
        for (ChunkPicker.Candidate c : chunks) {
            if (known(c.filePath())) {
                counts.merge(c.filePath(), 1, Integer::sum);
            }
        }
        List<String> files = new ArrayList<>(counts.keySet());
        files.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a))); // stable: ties keep first appearance
        Map<String, String> ids = new HashMap<>();
        List<Reference> references = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            String id = String.valueOf(i + 1);
            ids.put(files.get(i), id);
            references.add(new Reference(id, files.get(i)));
        }
        List<RetrievedChunk> numbered = new ArrayList<>(chunks.size());
        for (ChunkPicker.Candidate c : chunks) {
            numbered.add(new RetrievedChunk(c.chunkId(), c.content(), c.filePath(),
                    ids.getOrDefault(c.filePath(), "")));
        }
        return new Numbered(numbered, references);
    }

    private static boolean known(String filePath) {
        return filePath != null && !filePath.isEmpty() && !Separators.UNKNOWN_SOURCE.equals(filePath);
    }
}
