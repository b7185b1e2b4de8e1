package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.chunk.TokenMemo;
import dev.librarian.chunk.Tokenizer;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.library.LibraryStores;
import dev.librarian.model.Separators;
import dev.librarian.model.StoredChunk;
import dev.librarian.vector.VectorHit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * Finds the context for a query in the library (§8): vector search over the entity, relation and chunk indexes,
 * graph neighbourhoods (in memory), source chunks of the graph hits (read from the store in a few statements), token
 * budgets with the ingestion tokenizer, and the reference list. It takes no lock: a record a concurrent change
 * removed is skipped. Token counts of
 * entities, relations, chunks and prompt skeletons are remembered between queries (checked against the data, so
 * changed data is recounted) and can be counted ahead ({@link #warmUp()}, after each document). Thread-safe.
 */
public final class Retriever {


    /** Tokens LightRAG keeps free for the reference list and safety. */
    static final int BUFFER_TOKENS = 200;
    private static final int MEMO_LIMIT = 300_000;

    private final LibraryStores stores;
    private final QuerySettings settings;
    private final ContextRenderer renderer;
    private final AnswerPrompt prompt;
    private final TokenMemo tokens;
    private final GraphSearch graphSearch;
    private final ChunkPicker chunkPicker;
    private final Executor searches;

    public Retriever(LibraryStores stores, QuerySettings settings) {
        this(stores, settings, Runnable::run);
    }

    /** {@code searches}: runs a question's independent vector searches (local, global, chunks) side by side. */
    public Retriever(LibraryStores stores, QuerySettings settings, Executor searches) {
        this(stores, settings, Tokenizer.o200k(), new ContextRenderer(), new AnswerPrompt(), searches);
    }

    public Retriever(LibraryStores stores, QuerySettings settings, Tokenizer tokenizer, ContextRenderer renderer,
                     AnswerPrompt prompt, Executor searches) {
        this.searches = Objects.requireNonNull(searches, "searches");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.renderer = renderer;
        this.prompt = prompt;
        this.tokens = new TokenMemo(tokenizer, MEMO_LIMIT);
        this.graphSearch = new GraphSearch(stores, settings.cosineThreshold());
        this.chunkPicker = new ChunkPicker(stores, settings.chunkPickMethod(), settings.relatedChunkNumber(), searches);
    }

    // ---- embeddings ----

    /**
     * The texts to embed for this query, in one batch: the query (naive, mix, or to pick graph chunks by
     * similarity), the low-level keywords joined with ", " and the high-level keywords joined with ", ", each only
     * when needed and each text once. Empty for bypass and for graph modes without keywords.
     */
    public List<String> textsToEmbed(QueryRequest request, Keywords keywords) {
        return List.copyOf(wanted(request, keywords).keySet());
    }

    /** The vectors of {@link #textsToEmbed} (same order), matched back to their uses. */
    public QueryVectors vectorsFrom(QueryRequest request, Keywords keywords, List<float[]> embeddings) {
        Map<String, Role[]> wanted = wanted(request, keywords);
        int expected = wanted.size();
        if (embeddings == null || embeddings.size() != expected) {
            throw new IllegalArgumentException("expected " + expected + " embeddings for the query, got "
                    + (embeddings == null ? 0 : embeddings.size()));
        }
        float[][] byRole = new float[Role.values().length][];
        int i = 0;
        for (Role[] roles : wanted.values()) {
            for (Role role : roles) {
                byRole[role.ordinal()] = embeddings.get(i);
            }
            i++;
        }
        return new QueryVectors(byRole[Role.QUERY.ordinal()], byRole[Role.LOW.ordinal()], byRole[Role.HIGH.ordinal()]);
    }

    private enum Role { QUERY, LOW, HIGH }

    private Map<String, Role[]> wanted(QueryRequest request, Keywords keywords) {
        SearchPlan plan = plan(request, keywords);
        Map<String, Role[]> texts = new LinkedHashMap<>();
        if (plan.queryVector()) {
            add(texts, request.query(), Role.QUERY);
        }
        if (plan.local()) {
            add(texts, keywords.lowLevelText(), Role.LOW);
        }
        if (plan.global()) {
            add(texts, keywords.highLevelText(), Role.HIGH);
        }
        return texts;
    }

    private static void add(Map<String, Role[]> texts, String text, Role role) {
        texts.merge(text, new Role[]{role}, (a, b) -> {
            Role[] both = Arrays.copyOf(a, a.length + 1);
            both[a.length] = role;
            return both;
        });
    }

    private SearchPlan plan(QueryRequest request, Keywords keywords) {
        return SearchPlan.of(request.mode(), keywords == null ? Keywords.NONE : keywords, settings.chunkPickMethod());
    }

    // ---- retrieval ----

    /**
     * The context for {@code request}, searched with {@code keywords} (already resolved: given, extracted, or the
     * short-query fallback) and {@code vectors} (from {@link #vectorsFrom}). An empty result means "no context".
     */
    public QueryContext retrieve(QueryRequest request, Keywords keywords, QueryVectors vectors) {
        Keywords kw = keywords == null ? Keywords.NONE : keywords;
        QueryVectors v = vectors == null ? QueryVectors.NONE : vectors;
        SearchPlan plan = plan(request, kw);
        if (plan.searchesNothing()) {
            return QueryContext.empty(request.mode(), request.mode() == QueryMode.NAIVE ? Keywords.NONE : kw);
        }
        return request.mode() == QueryMode.NAIVE ? naive(request, v) : graph(request, kw, plan, v);
    }

    /**
     * Counts the tokens of every chunk, entity and relation (and the default prompt skeletons) not counted yet;
     * returns how many items were counted. Reads the stores record by record, so it may run beside ingestion.
     */
    public int warmUp() {
        return warmUp(() -> false);
    }

    /**
     * {@link #warmUp()}, given up as soon as {@code stop} says so (what was counted stays counted): a big library's
     * warm-up takes many seconds, and a service stopped meanwhile would wait for it.
     */
    public int warmUp(BooleanSupplier stop) {
        int[] counted = {0};
        try {
            stores.chunks().forEach(chunk -> counted[0] += unlessStopped(stop, () -> warmChunk(chunk)));
            stores.graph().entities().forEach(node -> counted[0] += unlessStopped(stop, () -> warmEntity(node)));
            stores.graph().relations().forEach(edge -> counted[0] += unlessStopped(stop, () -> warmRelation(edge)));
        } catch (WarmUpStopped e) {
            return counted[0];
        }
        warmSkeletons();
        return counted[0];
    }

    private static int unlessStopped(BooleanSupplier stop, IntSupplier count) {
        if (stop.getAsBoolean()) {
            throw new WarmUpStopped();
        }
        return count.getAsInt();
    }

    /** Ends a warm-up's walk through the stores (their cursors close on the way out). */
    private static final class WarmUpStopped extends RuntimeException {
        WarmUpStopped() {
            super(null, null, false, false);
        }
    }

    /**
     * Like {@link #warmUp()} for what one document brought: its chunks and the entities and relations it mentions,
     * so the work after each document does not grow with the library.
     */
    public int warmUp(String docId) {
        int counted = 0;
        for (String id : stores.chunks().idsOf(docId)) {
            counted += stores.chunks().get(id).map(this::warmChunk).orElse(0);
        }
        for (JsonNode name : stores.fullEntities().get(docId).map(r -> r.path("entity_names"))
                .orElse(MissingNode.getInstance())) {
            counted += stores.graph().entity(name.asText()).map(this::warmEntity).orElse(0);
        }
        for (JsonNode pair : stores.fullRelations().get(docId).map(r -> r.path("relation_pairs"))
                .orElse(MissingNode.getInstance())) {
            counted += stores.graph().relation(pair.path(0).asText(), pair.path(1).asText()).map(this::warmRelation)
                    .orElse(0);
        }
        warmSkeletons();
        return counted;
    }

    private int warmChunk(StoredChunk chunk) {
        if (!chunk.hasText()) {
            return 0;
        }
        String id = chunk.id();
        String content = chunk.chunk().content();
        String file = chunk.chunk().filePath();
        if (tokens.knows("c\u0000" + id, content.length(), 31 * content.hashCode() + file.hashCode())) {
            return 0;
        }
        chunkTokens(id, content, file);
        return 1;
    }

    private int warmEntity(EntityNode node) {
        RetrievedEntity e = RetrievedEntity.of(node, 0, 0);
        if (tokens.knows("e\u0000" + e.name(), e.description().length(),
                31 * e.type().hashCode() + e.description().hashCode())) {
            return 0;
        }
        entityTokens(e);
        return 1;
    }

    private int warmRelation(RelationEdge edge) {
        RetrievedRelation r = RetrievedRelation.of(edge, 0);
        if (tokens.knows("r\u0000" + r.source() + "\u0000" + r.target(), r.description().length(),
                r.description().hashCode())) {
            return 0;
        }
        relationTokens(r);
        return 1;
    }

    private void warmSkeletons() {
        tokens.count("skeleton:graph", renderer.knowledgeGraphSkeleton());
        for (QueryMode mode : List.of(QueryMode.MIX, QueryMode.NAIVE)) {
            systemPromptTokens(mode, QuerySettings.DEFAULT_RESPONSE_TYPE, null);
        }
    }

    private QueryContext naive(QueryRequest request, QueryVectors v) {
        List<ChunkPicker.Candidate> found = v.query() == null ? List.of() : vectorChunks(v.query(), request);
        if (found.isEmpty()) {
            return QueryContext.empty(QueryMode.NAIVE, Keywords.NONE);
        }
        int available = request.maxTotalTokens() - (systemPromptTokens(request)
                + tokens.countOnce(request.query()) + BUFFER_TOKENS);
        List<ChunkPicker.Candidate> kept = cut(cap(found, request.chunkTopK()), available, this::chunkTokens).items();
        if (kept.isEmpty()) {
            return QueryContext.empty(QueryMode.NAIVE, Keywords.NONE);
        }
        ReferenceNumbering.Numbered numbered = ReferenceNumbering.number(kept);
        String context = renderer.naive(numbered.chunks(), numbered.references());
        return new QueryContext(QueryMode.NAIVE, Keywords.NONE, List.of(), List.of(), numbered.chunks(),
                numbered.references(), context, new RetrievalStats(0, 0, 0, 0, found.size(), kept.size()));
    }

    private QueryContext graph(QueryRequest request, Keywords kw, SearchPlan plan, QueryVectors v) {
        CompletableFuture<GraphSearch.Hits> globalSearch = plan.global() && v.highLevel() != null
                ? CompletableFuture.supplyAsync(() -> graphSearch.global(v.highLevel(), request.topK()), searches)
                : CompletableFuture.completedFuture(GraphSearch.Hits.NONE);
        CompletableFuture<List<ChunkPicker.Candidate>> chunkSearch = plan.vectorChunks() && v.query() != null
                ? CompletableFuture.supplyAsync(() -> vectorChunks(v.query(), request), searches)
                : CompletableFuture.completedFuture(List.of());
        GraphSearch.Hits local = plan.local() && v.lowLevel() != null
                ? graphSearch.local(v.lowLevel(), request.topK()) : GraphSearch.Hits.NONE;
        GraphSearch.Hits global = SideBySide.join(globalSearch);
        List<ChunkPicker.Candidate> vectorChunks = SideBySide.join(chunkSearch);

        List<RetrievedEntity> entities = roundRobin(List.of(local.entities(), global.entities()),
                RetrievedEntity::name);
        List<RetrievedRelation> relations = roundRobin(List.of(local.relations(), global.relations()),
                RetrievedRelation::key);
        if (entities.isEmpty() && relations.isEmpty()
                && (request.mode() != QueryMode.MIX || vectorChunks.isEmpty())) {
            return QueryContext.empty(request.mode(), kw);
        }

        Cut<RetrievedEntity> keptEntities = cut(entities, request.maxEntityTokens(), this::entityTokens);
        Cut<RetrievedRelation> keptRelations = cut(relations, request.maxRelationTokens(), this::relationTokens);

        ChunkSimilarities similarities = chunkPicker.similaritiesTo(v.query());
        List<String> entityChunks = chunkPicker.forEntities(keptEntities.items(), similarities);
        List<String> relationChunks =
                chunkPicker.forRelations(keptRelations.items(), new HashSet<>(entityChunks), similarities);
        Map<String, ChunkPicker.Candidate> vectorChunksById = new HashMap<>();
        vectorChunks.forEach(c -> vectorChunksById.putIfAbsent(c.chunkId(), c));
        List<String> mergedIds = roundRobin(List.of(vectorChunks.stream().map(ChunkPicker.Candidate::chunkId)
                .toList(), entityChunks, relationChunks), Function.identity());
        // texts are read only for the chunks that can make the cut, not for every chunk picked
        List<ChunkPicker.Candidate> merged = chunkPicker.withText(mergedIds, vectorChunksById, request.chunkTopK());
        if (merged.isEmpty() && keptEntities.items().isEmpty() && keptRelations.items().isEmpty()) {
            return QueryContext.empty(request.mode(), kw);
        }

        int graphTokens = tokens.count("skeleton:graph", renderer.knowledgeGraphSkeleton())
                + keptEntities.tokens() + keptEntities.items().size()
                + keptRelations.tokens() + keptRelations.items().size();
        int available = request.maxTotalTokens() - (systemPromptTokens(request) + graphTokens
                + tokens.countOnce(request.query()) + BUFFER_TOKENS);
        List<ChunkPicker.Candidate> keptChunks = cut(cap(merged, request.chunkTopK()), available,
                this::chunkTokens).items();
        if (keptEntities.items().isEmpty() && keptRelations.items().isEmpty() && keptChunks.isEmpty()) {
            return QueryContext.empty(request.mode(), kw);
        }

        ReferenceNumbering.Numbered numbered = ReferenceNumbering.number(keptChunks);
        String context = renderer.knowledgeGraph(keptEntities.items(), keptRelations.items(), numbered.chunks(),
                numbered.references());
        RetrievalStats stats = new RetrievalStats(entities.size(), relations.size(), keptEntities.items().size(),
                keptRelations.items().size(), mergedIds.size(), keptChunks.size());
        return new QueryContext(request.mode(), kw, keptEntities.items(), keptRelations.items(), numbered.chunks(),
                numbered.references(), context, stats);
    }

    private List<ChunkPicker.Candidate> vectorChunks(float[] queryVector, QueryRequest request) {
        List<ChunkPicker.Candidate> out = new ArrayList<>();
        for (VectorHit hit : stores.chunksVdb().query(queryVector, request.chunkTopK(),
                settings.cosineThreshold())) {
            Object content = hit.meta().get("content");
            Object file = hit.meta().get("file_path");
            if (content instanceof String text) {
                out.add(new ChunkPicker.Candidate(hit.id(), text,
                        file instanceof String f && !f.isEmpty() ? f : Separators.UNKNOWN_SOURCE));
            }
        }
        return out;
    }

    private int systemPromptTokens(QueryRequest request) {
        return systemPromptTokens(request.mode(), request.responseType(), request.userPrompt());
    }

    private int systemPromptTokens(QueryMode mode, String responseType, String userPrompt) {
        // every graph mode shares one template; naive has its own
        String variant = mode == QueryMode.NAIVE ? "naive" : "graph";
        String skeleton = prompt.systemPrompt(mode, responseType, userPrompt, "");
        return tokens.count("sys\u0000" + variant + "\u0000" + responseType + "\u0000" + userPrompt, skeleton);
    }

    /** Tokens of the entity's context line. */
    private int entityTokens(RetrievedEntity e) {
        return tokens.count("e\u0000" + e.name(), e.description().length(),
                31 * e.type().hashCode() + e.description().hashCode(), () -> renderer.entityLine(e));
    }

    /** Tokens of the relation's context line. */
    private int relationTokens(RetrievedRelation r) {
        return tokens.count("r\u0000" + r.source() + "\u0000" + r.target(), r.description().length(),
                r.description().hashCode(), () -> renderer.relationLine(r));
    }

    /** Tokens of the chunk as LightRAG counts it: the JSON of its content, file path and id. */
    private int chunkTokens(ChunkPicker.Candidate c) {
        return chunkTokens(c.chunkId(), c.content(), c.filePath());
    }

    private int chunkTokens(String id, String content, String filePath) {
        return tokens.count("c\u0000" + id, content.length(), 31 * content.hashCode() + filePath.hashCode(), () -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("content", content);
            o.put("file_path", filePath);
            o.put("chunk_id", id);
            return ContextRenderer.json(o);
        });
    }

    /** The items whose running token total stays within {@code budget}, and that total. */
    private record Cut<T>(List<T> items, int tokens) {
    }

    private static <T> Cut<T> cut(List<T> items, int budget, ToIntFunction<T> tokensOf) {
        if (budget <= 0) {
            return new Cut<>(List.of(), 0);
        }
        int total = 0;
        for (int i = 0; i < items.size(); i++) {
            int t = tokensOf.applyAsInt(items.get(i));
            if (total + t > budget) {
                return new Cut<>(items.subList(0, i), total);
            }
            total += t;
        }
        return new Cut<>(items, total);
    }

    private static <T> List<T> cap(List<T> items, int max) {
        return items.size() <= max ? items : items.subList(0, max);
    }

    /** Takes the i-th item of each list in turn (list order breaks ties), keeping the first item of each key. */
    static <T, K> List<T> roundRobin(List<List<T>> lists, Function<T, K> key) {
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        Set<K> seen = new LinkedHashSet<>();
        List<T> out = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            for (List<T> list : lists) {
                if (i < list.size() && seen.add(key.apply(list.get(i)))) {
                    out.add(list.get(i));
                }
            }
        }
        return out;
    }
}
