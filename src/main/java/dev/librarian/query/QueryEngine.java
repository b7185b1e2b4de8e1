package dev.librarian.query;

import dev.librarian.llm.ChatRequest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;

/**
 * The query flow composed from the step beans, for callers that can hand in the two Ollama calls as functions
 * (e.g. backed by a ProducerTemplate): keywords (given, cached, or asked of the LLM, with the short-query
 * fallback), one batched embedding call, retrieval (under an optional read lock), then the answer (cached, or
 * asked of the LLM) unless only the context, the prompt or the data is wanted. Routes may instead call the steps
 * themselves in the same order.
 */
public final class QueryEngine {

    /** The LLM call (non-streaming): returns the assistant's text. */
    @FunctionalInterface
    public interface Llm {
        String chat(ChatRequest request);
    }

    /** The embedding call: one vector per text, same order. */
    @FunctionalInterface
    public interface Embedder {
        List<float[]> embed(List<String> texts);
    }

    /**
     * The answer text and the context it came from.
     *
     * @param response the answer, the context or prompt text, or the no-context response
     * @param context  the retrieved context (empty for bypass and no-context)
     */
    public record Outcome(String response, QueryContext context) {
    }

    private final Retriever retriever;
    private final KeywordPrompt keywordPrompt;
    private final KeywordParser keywordParser = new KeywordParser();
    private final AnswerPrompt answerPrompt;
    private final QueryCache cache;
    private final QueryResults results = new QueryResults();
    private final Llm llm;
    private final Embedder embedder;
    private final Lock retrievalLock;

    /**
     * @param cache         keyword and answer cache, or null for none
     * @param retrievalLock held around retrieval (the library's read lock), or null
     */
    public QueryEngine(Retriever retriever, KeywordPrompt keywordPrompt, AnswerPrompt answerPrompt, QueryCache cache,
                       Llm llm, Embedder embedder, Lock retrievalLock) {
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.keywordPrompt = Objects.requireNonNull(keywordPrompt, "keywordPrompt");
        this.answerPrompt = Objects.requireNonNull(answerPrompt, "answerPrompt");
        this.cache = cache;
        this.llm = Objects.requireNonNull(llm, "llm");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.retrievalLock = retrievalLock;
    }

    /** {@code POST /query}. */
    public Map<String, Object> query(QueryRequest request) {
        Outcome o = run(request);
        return results.query(request, o.response(), o.context());
    }

    /** {@code POST /query/stream}: the NDJSON body (the answer arrives whole from the LLM, in one line). */
    public String stream(QueryRequest request) {
        Outcome o = run(request);
        return results.streamBody(request, o.response(), o.context());
    }

    /** {@code POST /query/data}: retrieval only, no answer call. */
    public Map<String, Object> data(QueryRequest request) {
        return results.data(context(request));
    }

    /** The keywords retrieval will use: given, cached, or extracted; then the short-query fallback. */
    public Keywords keywords(QueryRequest request) {
        if (!request.mode().usesKeywords()) {
            return Keywords.NONE;
        }
        Keywords kw = request.givenKeywords();
        if (request.needsKeywordExtraction()) {
            kw = cache == null ? null : cache.keywords(request).orElse(null);
            if (kw == null) {
                kw = keywordParser.parse(llm.chat(keywordPrompt.request(request.query())));
                if (cache != null) {
                    cache.storeKeywords(request, kw);
                }
            }
        }
        return kw.withQueryFallback(request.query());
    }

    /** Keywords, embeddings and retrieval; an empty context for bypass, a blank query or no keywords. */
    public QueryContext context(QueryRequest request) {
        if (request.mode() == QueryMode.BYPASS || request.query().isBlank()) {
            return QueryContext.empty(request.mode(), Keywords.NONE);
        }
        Keywords kw = keywords(request);
        List<String> texts = retriever.textsToEmbed(request, kw);
        if (texts.isEmpty()) {
            return QueryContext.empty(request.mode(), kw);
        }
        QueryVectors vectors = retriever.vectorsFrom(request, kw, embedder.embed(texts));
        if (retrievalLock == null) {
            return retriever.retrieve(request, kw, vectors);
        }
        retrievalLock.lock();
        try {
            return retriever.retrieve(request, kw, vectors);
        } finally {
            retrievalLock.unlock();
        }
    }

    /** The whole flow up to the response text. */
    public Outcome run(QueryRequest request) {
        if (request.mode() == QueryMode.BYPASS) {
            return new Outcome(llm.chat(answerPrompt.bypassRequest(request)),
                    QueryContext.empty(QueryMode.BYPASS, Keywords.NONE));
        }
        QueryContext ctx = context(request);
        if (ctx.isEmpty()) {
            return new Outcome(QueryResults.NO_CONTEXT_RESPONSE, ctx);
        }
        if (request.onlyNeedPrompt()) {
            return new Outcome(answerPrompt.promptText(request, ctx), ctx);
        }
        if (request.onlyNeedContext()) {
            return new Outcome(ctx.context(), ctx);
        }
        String cached = cache == null ? null : cache.answer(request, ctx.keywords()).orElse(null);
        if (cached != null) {
            return new Outcome(cached, ctx);
        }
        String answer = llm.chat(answerPrompt.request(request, ctx));
        if (cache != null) {
            cache.storeAnswer(request, ctx.keywords(), answer);
        }
        return new Outcome(answer, ctx);
    }
}
