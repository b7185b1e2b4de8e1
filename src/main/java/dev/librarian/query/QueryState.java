package dev.librarian.query;

import dev.librarian.llm.AnswerStream;
import dev.librarian.llm.ChatRequest;

/**
 * One question on its way through the query routes: what was asked, the keywords and context found so far, and
 * the response text once there is one. Each step of {@link QueryFlow} fills in a part.
 */
public final class QueryState {

    private final QueryRequest request;
    private final ChatRequest directCall;
    private final long startNanos;
    private final QueryTimings timings;
    private Keywords keywords;
    private boolean keywordCallNeeded;
    private QueryContext context;
    private String response;
    private AnswerStream stream;

    QueryState(QueryRequest request, ChatRequest directCall, long startNanos) {
        this.request = request;
        this.directCall = directCall;
        this.startNanos = startNanos;
        this.timings = new QueryTimings(startNanos);
        this.context = QueryContext.empty(request == null ? QueryMode.BYPASS : request.mode(), Keywords.NONE);
    }

    public QueryRequest request() {
        return request;
    }

    /** The LLM call of a question that skips retrieval (bypass mode, Ollama generate, chat-client tasks). */
    ChatRequest directCall() {
        return directCall;
    }

    public boolean bypassesRetrieval() {
        return directCall != null;
    }

    public long startNanos() {
        return startNanos;
    }

    /** How long each phase of this question took so far. */
    public QueryTimings timings() {
        return timings;
    }

    /** The {@code Server-Timing} header of the answer: the phases so far and the total. */
    public String serverTiming() {
        return timings.header();
    }

    /** True while the keywords still have to be asked of the LLM. */
    public boolean needsKeywordCall() {
        return keywordCallNeeded;
    }

    /** True when the response is still to be written by the LLM. */
    public boolean needsAnswerCall() {
        return response == null;
    }

    public Keywords keywords() {
        return keywords;
    }

    public QueryContext context() {
        return context;
    }

    public String response() {
        return response;
    }

    void keywords(Keywords keywords, boolean callNeeded) {
        this.keywords = keywords;
        this.keywordCallNeeded = callNeeded;
    }

    void context(QueryContext context) {
        this.context = context;
    }

    void response(String response) {
        this.response = response;
    }

    /** Where the answer is streamed to the client, once the flow decided to stream it. */
    public AnswerStream stream() {
        return stream;
    }

    void stream(AnswerStream stream) {
        this.stream = stream;
    }
}
