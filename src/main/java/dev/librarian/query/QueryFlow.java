package dev.librarian.query;

import dev.librarian.llm.AnswerStream;
import dev.librarian.llm.ChatRequest;
import dev.librarian.llm.EmbedAnswer;
import dev.librarian.llm.OllamaProtocol;
import dev.librarian.metrics.LibrarianMetrics;

import java.util.List;
import java.util.Map;

/**
 * The steps of the query routes ({@code routes/query.camel.yaml}): parse, keywords (given, cached or asked of
 * the LLM), the texts to embed, retrieval (which waits for no write), and the answer (cached or asked of the
 * LLM) unless only the context, the prompt or the data is wanted. The routes make the LLM and embedding calls.
 */
public final class QueryFlow {

    private final QuerySettings settings;
    private final Retriever retriever;
    private final KeywordPrompt keywordPrompt;
    private final KeywordParser keywordParser = new KeywordParser();
    private final AnswerPrompt answerPrompt;
    private final QueryCache cache;
    private final QueryResults results = new QueryResults();
    private final OllamaEmulation emulation;
    private final OllamaProtocol ollama;
    private final int embeddingDim;
    private final LibrarianMetrics metrics;

    public QueryFlow(QuerySettings settings, Retriever retriever, QueryCache cache,
                     OllamaEmulation emulation, OllamaProtocol ollama, int embeddingDim, LibrarianMetrics metrics) {
        this.settings = settings;
        this.retriever = retriever;
        this.keywordPrompt = new KeywordPrompt(settings.language());
        this.answerPrompt = new AnswerPrompt();
        this.cache = cache;
        this.emulation = emulation;
        this.ollama = ollama;
        this.embeddingDim = embeddingDim;
        this.metrics = metrics;
    }

    // ---- starting points ----

    /** {@code POST /query}, {@code /query/stream}, {@code /query/data}. */
    public QueryState parse(String body) {
        return start(QueryRequest.parse(body, settings), System.nanoTime());
    }

    /** Ollama's {@code POST /api/chat}: mode prefixes, chat-client tasks and bypass handled here. */
    public QueryState chat(String body) {
        return startCall(emulation.parseChat(body), System.nanoTime());
    }

    /** Ollama's {@code POST /api/generate}: the prompt as a chat's one message, with the same prefixes. */
    public QueryState generate(String body) {
        return startCall(emulation.parseGenerate(body), System.nanoTime());
    }

    private QueryState startCall(OllamaChatCall call, long start) {
        QueryRequest request = call.toQueryRequest(settings);
        if (call.bypass()) {
            return new QueryState(request, emulation.bypassRequest(call), start);
        }
        QueryState state = start(request, start);
        if (call.isBlank()) {
            state.response(QueryResults.NO_CONTEXT_RESPONSE);
        }
        return state;
    }

    private QueryState start(QueryRequest request, long startNanos) {
        if (request.mode() == QueryMode.BYPASS) {
            return new QueryState(request, answerPrompt.bypassRequest(request), startNanos);
        }
        QueryState state = new QueryState(request, null, startNanos);
        if (!request.mode().usesKeywords()) {
            state.keywords(Keywords.NONE, false);
        } else if (!request.needsKeywordExtraction()) {
            state.keywords(request.givenKeywords().withQueryFallback(request.query()), false);
        } else {
            cache.keywords(request).ifPresentOrElse(
                    kw -> state.keywords(kw.withQueryFallback(request.query()), false),
                    () -> state.keywords(Keywords.NONE, true));
        }
        return state;
    }

    // ---- keywords ----

    public ChatRequest keywordRequest(QueryState state) {
        state.timings().start(QueryTimings.Phase.KEYWORDS);
        return keywordPrompt.request(state.request().query());
    }

    public QueryState withKeywordAnswer(QueryState state, String answer) {
        state.timings().end(QueryTimings.Phase.KEYWORDS);
        Keywords kw = keywordParser.parse(answer);
        cache.storeKeywords(state.request(), kw);
        state.keywords(kw.withQueryFallback(state.request().query()), false);
        return state;
    }

    // ---- embeddings and retrieval ----

    /** The texts of the one embedding call retrieval needs; empty when there is nothing to search for. */
    public List<String> textsToEmbed(QueryState state) {
        if (state.bypassesRetrieval() || state.response() != null) {
            return List.of();
        }
        List<String> texts = retriever.textsToEmbed(state.request(), state.keywords());
        if (!texts.isEmpty()) {
            // the route embeds them next
            state.timings().start(QueryTimings.Phase.EMBED);
        }
        return texts;
    }

    public Map<String, Object> embedBody(List<String> texts) {
        return ollama.embedBody(texts);
    }

    /**
     * Searches the library with the embeddings ({@code null} when nothing was embedded) and settles the response
     * when no answer call is needed: the no-context answer, the context, or the prompt.
     */
    public QueryState retrieve(QueryState state, EmbedAnswer embedded) {
        state.timings().end(QueryTimings.Phase.EMBED);
        if (state.bypassesRetrieval() || state.response() != null) {
            return state;
        }
        QueryRequest request = state.request();
        if (embedded == null) {
            state.context(QueryContext.empty(request.mode(), state.keywords()));
        } else {
            state.timings().start(QueryTimings.Phase.CONTEXT);
            List<String> texts = retriever.textsToEmbed(request, state.keywords());
            QueryVectors vectors = retriever.vectorsFrom(request, state.keywords(),
                    ollama.embeddings(embedded, texts.size(), embeddingDim));
            state.context(retriever.retrieve(request, state.keywords(), vectors));
            state.timings().end(QueryTimings.Phase.CONTEXT);
            metrics.queryContext(request.mode().wire(), state.timings().nanos(QueryTimings.Phase.CONTEXT));
        }
        QueryContext ctx = state.context();
        if (ctx.isEmpty()) {
            state.response(QueryResults.NO_CONTEXT_RESPONSE);
        } else if (request.onlyNeedPrompt()) {
            state.response(answerPrompt.promptText(request, ctx));
        } else if (request.onlyNeedContext()) {
            state.response(ctx.context());
        } else {
            cache.answer(request, ctx.keywords()).ifPresent(state::response);
        }
        return state;
    }

    // ---- the answer ----

    public ChatRequest answerRequest(QueryState state) {
        state.timings().start(QueryTimings.Phase.ANSWER);
        ChatRequest call = state.bypassesRetrieval()
                ? state.directCall() : answerPrompt.request(state.request(), state.context());
        return state.stream() == null ? call : call.streamedTo(state.stream());
    }

    public QueryState withAnswer(QueryState state, String answer) {
        state.timings().end(QueryTimings.Phase.ANSWER);
        if (!state.bypassesRetrieval()) {
            cache.storeAnswer(state.request(), state.context().keywords(), answer);
        }
        state.response(answer);
        if (state.stream() != null) {
            state.stream().finish();
        }
        return state;
    }

    /** True when the client asked for NDJSON and the answer still has to come from the LLM. */
    public boolean streamsAnswer(QueryState state) {
        return state.needsAnswerCall() && (state.request() == null || state.request().stream());
    }

    /** {@code /query/stream}: the references line, then {@code {"response": piece}} lines as Ollama sends them. */
    public QueryState openQueryStream(QueryState state) {
        state.stream(new AnswerStream(results.referencesLine(state.request(), state.context()),
                results::responseLine, null, results::errorLine));
        return state;
    }

    /** Ollama's streamed {@code /api/chat}: message pieces, then the closing {@code done: true} line. */
    public QueryState openChatStream(QueryState state) {
        String query = state.request() == null ? "" : state.request().query();
        state.stream(new AnswerStream(null, emulation::chatPieceLine,
                full -> emulation.chatDoneLine(full, query, state.startNanos()), results::errorLine));
        return state;
    }

    /** Ollama's streamed {@code /api/generate}: response pieces, then the closing {@code done: true} line. */
    public QueryState openGenerateStream(QueryState state) {
        String prompt = state.request() == null ? "" : state.request().query();
        state.stream(new AnswerStream(null, emulation::generatePieceLine,
                full -> emulation.generateDoneLine(full, prompt, state.startNanos()), results::errorLine));
        return state;
    }

    /** Tells a streaming client that the answer failed, and why. */
    public void streamFailed(QueryState state, Exception failure) {
        state.stream().fail(failure.getMessage());
    }

    // ---- responses ----

    public Map<String, Object> queryResponse(QueryState state) {
        return results.query(state.request(), state.response(), state.context());
    }

    /** NDJSON: the live stream when the answer is being streamed, else the settled answer in one go. */
    public Object streamResponse(QueryState state) {
        return state.stream() != null
                ? state.stream().inputStream()
                : results.streamBody(state.request(), state.response(), state.context());
    }

    public Map<String, Object> dataResponse(QueryState state) {
        return results.data(state.context());
    }

    /** {@code /api/chat} answer: NDJSON pieces ending with {@code done: true}, or one JSON object. */
    public Object chatResponse(QueryState state) {
        if (state.stream() != null) {
            return state.stream().inputStream();
        }
        String query = state.request() == null ? "" : state.request().query();
        return state.request() != null && state.request().stream()
                ? emulation.chatStream(state.response(), query, state.startNanos())
                : emulation.chatResponse(state.response(), query, state.startNanos());
    }

    /** {@code /api/generate} answer: NDJSON pieces ending with {@code done: true}, or one JSON object. */
    public Object generateResponse(QueryState state) {
        if (state.stream() != null) {
            return state.stream().inputStream();
        }
        String prompt = state.request() == null ? "" : state.request().query();
        return state.request() != null && state.request().stream()
                ? emulation.generateStream(state.response(), prompt, state.startNanos())
                : emulation.generateResponse(state.response(), prompt, state.startNanos());
    }
}
