package dev.librarian.progress;

import dev.librarian.api.DocumentsApi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code GET /documents/pipeline_status}: LightRAG's fields, with the pipeline's own messages, plus the documents
 * in flight with their progress, the queue depths and the LLM calls in flight against {@code MAX_ASYNC_LLM}, and
 * whatever {@code more} adds (Ollama's availability); the HTTP answer and the event stream both come from here.
 */
public final class PipelineStatusView {

    private final DocumentsApi documents;
    private final ProgressTracker tracker;
    private final PipelineMessages messages;
    private final PipelineActivity activity;
    private final int maxAsyncLlm;
    private final UnaryOperator<Map<String, Object>> more;

    public PipelineStatusView(DocumentsApi documents, ProgressTracker tracker, PipelineMessages messages,
                              PipelineActivity activity, int maxAsyncLlm, UnaryOperator<Map<String, Object>> more) {
        this.documents = documents;
        this.tracker = tracker;
        this.messages = messages;
        this.activity = activity;
        this.maxAsyncLlm = maxAsyncLlm;
        this.more = more;
    }

    public Map<String, Object> status() {
        Map<String, Object> body = new LinkedHashMap<>(documents.pipelineStatus());
        List<String> history = messages.history();
        if (!history.isEmpty()) {
            body.put("latest_message", history.get(history.size() - 1));
            body.put("history_messages", history);
        }
        body.put("documents_in_flight", tracker.inFlight());
        body.put("queue_depths", activity.queueDepths());
        body.put("llm_in_flight", activity.llmInFlight());
        body.put("max_async_llm", maxAsyncLlm);
        return more.apply(body);
    }
}
