package dev.librarian.progress;

import org.apache.camel.CamelContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;

/**
 * What the routes are doing right now, read from Camel: documents waiting in the {@code documents} and
 * {@code merge} queues, LLM calls waiting in the {@code llm-calls} queue, and LLM calls in flight (exchanges inside
 * the {@code llm-call} route, which the throttle keeps at most {@code MAX_ASYNC_LLM}).
 */
public final class PipelineActivity {

    private final CamelContext camel;
    private final Queue<?> documents;
    private final Queue<?> merges;
    private final Queue<?> llmCalls;

    public PipelineActivity(CamelContext camel, Queue<?> documents, Queue<?> merges, Queue<?> llmCalls) {
        this.camel = camel;
        this.documents = documents;
        this.merges = merges;
        this.llmCalls = llmCalls;
    }

    /** {@code {"documents": n, "merge": n, "llm_calls": n}}. */
    public Map<String, Integer> queueDepths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        depths.put("documents", documents.size());
        depths.put("merge", merges.size());
        depths.put("llm_calls", llmCalls.size());
        return depths;
    }

    public int llmInFlight() {
        return camel.getInflightRepository().size("llm-call");
    }
}
