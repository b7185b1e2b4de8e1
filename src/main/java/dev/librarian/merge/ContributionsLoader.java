package dev.librarian.merge;

import dev.librarian.extract.ExtractionParser;
import dev.librarian.extract.GleaningMerge;
import dev.librarian.extract.ParsedRecords;
import dev.librarian.library.TextChunks;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.StoredChunk;
import dev.librarian.status.DocStatusRecord;
import dev.librarian.store.KvStore;
import dev.librarian.store.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Rebuilds the {@link Contributions} index after start-up from the store (merges wait for it, questions do not):
 * each indexed document's {@link ExtractionRows} (a replacement not processed yet leaves its earlier version's). A
 * document indexed before those rows existed (a library of an earlier version, or imported from LightRAG's files)
 * is read once from its indexed chunks and the cached LLM answers they list — no LLM calls — and its rows are
 * written then.
 */
public final class ContributionsLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ContributionsLoader.class);

    private final Contributions contributions;
    private final KvStore docStatus;
    private final TextChunks textChunks;
    private final Function<String, Optional<String>> cachedAnswer;
    private final ExtractionRows rows;
    private final Transactions transactions;

    public ContributionsLoader(Contributions contributions, KvStore docStatus, TextChunks textChunks,
                               Function<String, Optional<String>> cachedAnswer, ExtractionRows rows,
                               Transactions transactions) {
        this.contributions = contributions;
        this.docStatus = docStatus;
        this.textChunks = textChunks;
        this.cachedAnswer = cachedAnswer;
        this.rows = rows;
        this.transactions = transactions;
    }

    /** Fills the index being restored, then lets merges go ahead (the {@code contributions-restore} route). */
    public void load() {
        try {
            restore();
        } catch (RuntimeException e) {
            LOG.error("The graph contributions could not be rebuilt from the store ({}): no document is merged or"
                    + " deleted until a restart succeeds", e.getMessage());
            throw e;
        }
    }

    private void restore() {
        long started = System.nanoTime();
        // the rows are written with each merge and deleted with each deletion: they are what the graph holds
        Map<String, List<ChunkExtraction>> byDoc = rows.readAll();
        // a processed document's chunks, or those of the earlier version a new one has not replaced yet
        Map<String, Set<String>> unread = new HashMap<>();
        docStatus.collect(rec -> DocStatusRecord.fromJson(rec).indexedChunkIds()).forEach((id, indexed) -> {
            if (!indexed.isEmpty() && !byDoc.containsKey(id)) {
                unread.put(id, Set.copyOf(indexed));
            }
        });
        if (!unread.isEmpty()) {
            Map<String, List<ChunkExtraction>> parsed = fromLlmCache(unread);
            transactions.run(() -> parsed.forEach(rows::write));
            byDoc.putAll(parsed);
            LOG.info("Read the extractions of {} documents from the LLM cache and kept them as extraction rows",
                    parsed.size());
        }
        byDoc.forEach(contributions::restore);
        contributions.restored();
        if (!byDoc.isEmpty()) {
            LOG.info("Rebuilt graph contributions of {} documents in {} ms", byDoc.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The extractions of the indexed chunks of each document, parsed again from the cached LLM answers they list. */
    private Map<String, List<ChunkExtraction>> fromLlmCache(Map<String, Set<String>> indexedChunks) {
        Map<String, List<ChunkExtraction>> byDoc = new LinkedHashMap<>();
        textChunks.forEach(stored -> {
            if (indexedChunks.getOrDefault(stored.docId(), Set.of()).contains(stored.id())) {
                extraction(stored, cachedAnswer).ifPresent(e ->
                        byDoc.computeIfAbsent(stored.docId(), d -> new ArrayList<>()).add(e));
            }
        });
        return byDoc;
    }

    private static Optional<ChunkExtraction> extraction(StoredChunk stored,
                                                        Function<String, Optional<String>> cachedAnswer) {
        List<String> keys = stored.llmCacheList();
        String chunkId = stored.id();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        ParsedRecords records = ParsedRecords.empty();
        for (int i = 0; i < keys.size(); i++) {
            Optional<String> answer = cachedAnswer.apply(keys.get(i));
            if (answer.isEmpty()) {
                LOG.warn("Cached extraction {} of {} is missing; its records are not known", keys.get(i), chunkId);
                continue;
            }
            ParsedRecords parsed = ExtractionParser.parse(answer.get(), chunkId, stored.chunk().filePath());
            records = i == 0 ? parsed : GleaningMerge.merge(records, parsed);
        }
        return Optional.of(new ChunkExtraction(stored.chunk(), records.entities(), records.relations(), keys));
    }
}
