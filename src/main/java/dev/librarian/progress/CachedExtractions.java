package dev.librarian.progress;

import dev.librarian.llm.ChatRequest;
import dev.librarian.llm.LlmAnswer;
import dev.librarian.llm.LlmResponseCache;
import dev.librarian.model.Chunk;
import dev.librarian.pipeline.ChunkExtractor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which of a document's chunks are already extracted: their extraction answer (and gleaning answer, when gleaning
 * is on) is in the LLM cache, so indexing the document again costs them no call.
 */
public final class CachedExtractions {

    private final ChunkExtractor extractor;
    private final LlmResponseCache cache;
    private final int maxGleaning;

    public CachedExtractions(ChunkExtractor extractor, LlmResponseCache cache, int maxGleaning) {
        this.extractor = extractor;
        this.cache = cache;
        this.maxGleaning = maxGleaning;
    }

    public Set<String> of(List<Chunk> chunks) {
        Set<String> done = new LinkedHashSet<>();
        for (Chunk chunk : chunks) {
            if (extracted(chunk)) {
                done.add(chunk.id());
            }
        }
        return done;
    }

    private boolean extracted(Chunk chunk) {
        ChatRequest first = extractor.firstPass(chunk);
        Optional<String> answer = cache.answerFor(cache.key(first));
        if (answer.isEmpty()) {
            return false;
        }
        if (maxGleaning <= 0) {
            return true;
        }
        ChatRequest gleaning = extractor.gleaning(chunk, new LlmAnswer(answer.get(), cache.key(first), true));
        return cache.answerFor(cache.key(gleaning)).isPresent();
    }
}
