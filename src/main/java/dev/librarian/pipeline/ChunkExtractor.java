package dev.librarian.pipeline;

import dev.librarian.extract.ExtractionParser;
import dev.librarian.extract.ExtractionPrompts;
import dev.librarian.extract.GleaningMerge;
import dev.librarian.extract.ParsedRecords;
import dev.librarian.llm.ChatMessage;
import dev.librarian.llm.ChatRequest;
import dev.librarian.llm.LlmAnswer;
import dev.librarian.metrics.LibrarianMetrics;
import dev.librarian.model.Chunk;
import dev.librarian.model.ChunkExtraction;

import java.util.ArrayList;
import java.util.List;

/** Builds a chunk's extraction and gleaning calls and turns their answers into records. */
public final class ChunkExtractor {

    private final ExtractionPrompts prompts;
    private final LibrarianMetrics metrics;

    public ChunkExtractor(ExtractionPrompts prompts) {
        this(prompts, LibrarianMetrics.unpublished());
    }

    public ChunkExtractor(ExtractionPrompts prompts, LibrarianMetrics metrics) {
        this.prompts = prompts;
        this.metrics = metrics;
    }

    public ChatRequest firstPass(Chunk chunk) {
        return new ChatRequest(List.of(ChatMessage.system(prompts.system()), ChatMessage.user(prompts.user(chunk.content()))),
                "extract", "extract", chunk.id());
    }

    /** The continuation call, with the first exchange as history. */
    public ChatRequest gleaning(Chunk chunk, LlmAnswer first) {
        return new ChatRequest(List.of(
                ChatMessage.system(prompts.system()),
                ChatMessage.user(prompts.user(chunk.content())),
                ChatMessage.assistant(first.content()),
                ChatMessage.user(prompts.gleaning())), "extract", "glean", chunk.id());
    }

    /** The chunk's records; gleaning may be null when {@code MAX_GLEANING} is 0. */
    public ChunkExtraction combine(Chunk chunk, LlmAnswer first, LlmAnswer gleaning) {
        ParsedRecords records = ExtractionParser.parse(first.content(), chunk.id(), chunk.filePath());
        List<String> keys = new ArrayList<>();
        keys.add(first.cacheKey());
        if (gleaning != null) {
            records = GleaningMerge.merge(records,
                    ExtractionParser.parse(gleaning.content(), chunk.id(), chunk.filePath()));
            keys.add(gleaning.cacheKey());
        }
        metrics.chunkExtracted();
        return new ChunkExtraction(chunk, records.entities(), records.relations(), keys);
    }
}
