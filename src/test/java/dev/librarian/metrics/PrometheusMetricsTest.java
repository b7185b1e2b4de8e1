package dev.librarian.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.FakeOllama.Kind;
import dev.librarian.testing.PrometheusText;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Prometheus scraping GET /metrics after indexing sees what the fake Ollama saw, counted the same way. */
class PrometheusMetricsTest {

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16)
            .settings(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20", "MAX_ASYNC_LLM", "3",
                    "EMBEDDING_BATCH_NUM", "8"));

    @Test
    void should_serve_llm_token_cache_chunk_document_and_queue_figures_matching_the_work_done() throws Exception {
        String text = Corpus.excerpt(Corpus.CHEKHOV, 20000, 1500);
        // the first two chat requests fail with 500 and are retried
        service.ollama().failNext(2, 500);
        String first = insert(text, "first.txt");
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(first, Duration.ofSeconds(90)));
        // the same text and a bit more: its chunks but the last are answered from the LLM cache
        String second = insert(text + "\n\nИван Петрович уехал в Москву к Марии Ивановне.", "second.txt");
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(second, Duration.ofSeconds(90)));

        // the status turns processed just before the document route's exchange completes and is counted
        RunningLibrarian.await(Duration.ofSeconds(10),
                () -> scrape().sum("camel_exchanges_succeeded_total", "routeId", "document") == 2,
                "both document exchanges are counted");
        HttpResponse<String> response = service.librarian().get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(""));
        PrometheusText metrics = new PrometheusText(response.body());

        int extract = service.ollama().chatCalls(Kind.EXTRACTION);
        int glean = service.ollama().chatCalls(Kind.GLEANING);
        int summary = service.ollama().chatCalls(Kind.OTHER);
        assertTrue(extract > 0 && glean > 0, "the fake was asked to extract and glean");
        assertEquals(extract, metrics.sum("librarian_llm_calls_total", "kind", "extract", "outcome", "ok"));
        assertEquals(glean, metrics.sum("librarian_llm_calls_total", "kind", "glean", "outcome", "ok"));
        assertEquals(summary, metrics.sum("librarian_llm_calls_total", "kind", "summary", "outcome", "ok"));
        assertEquals(2, metrics.sum("librarian_llm_calls_total", "outcome", "http_5xx"),
                "the two failed attempts are counted by their outcome");
        assertEquals(service.ollama().chatCalls() + 2, metrics.sum("librarian_llm_call_seconds_count"),
                "every attempt is timed");
        assertTrue(metrics.sum("librarian_llm_call_seconds_sum") > 0, "the calls took some time");
        assertEquals(metrics.sum("librarian_llm_calls_total", "kind", "extract"),
                metrics.sum("librarian_llm_call_seconds_bucket", "kind", "extract", "le", "+Inf"),
                "latency histogram of the extraction attempts");
        assertTrue(metrics.has("librarian_llm_call_seconds_bucket", "kind", "glean", "le", "1.0"),
                "buckets around a second: " + response.body());

        assertEquals(service.ollama().promptTokens(), metrics.sum("librarian_llm_tokens_total", "direction", "in"),
                "prompt_eval_count summed");
        assertEquals(service.ollama().evalTokens(), metrics.sum("librarian_llm_tokens_total", "direction", "out"),
                "eval_count summed");
        assertEquals(service.ollama().embedTokens(), metrics.sum("librarian_embedding_tokens_total"));

        double hits = metrics.sum("librarian_llm_cache_lookups_total", "kind", "extract", "result", "hit");
        assertTrue(hits > 0, "the second document's shared chunks came from the cache");
        assertEquals(extract, metrics.sum("librarian_llm_cache_lookups_total", "kind", "extract", "result", "miss"),
                "every extraction cache miss became one call");

        int chunks = chunks(first) + chunks(second);
        assertEquals(chunks, metrics.sum("librarian_chunks_extracted_total"), "chunks of both documents");
        assertEquals(2, metrics.sum("librarian_documents", "status", "processed"));
        assertEquals(0, metrics.sum("librarian_documents", "status", "failed"));
        for (String queue : new String[] {"documents", "merge", "llm-calls"}) {
            assertTrue(metrics.has("librarian_queue_depth", "queue", queue), "queue depth of " + queue);
            assertEquals(0, metrics.sum("librarian_queue_depth", "queue", queue), queue + " is empty when idle");
        }

        assertEquals(service.ollama().embedRequests(), metrics.sum("librarian_embed_calls_total", "outcome", "ok"));
        assertEquals(service.ollama().embedRequests(), metrics.sum("librarian_embedding_batch_texts_count"),
                "every embedding request came from an indexing batch");
        assertEquals(service.ollama().embedInputs(), metrics.sum("librarian_embedding_batch_texts_sum"));

        // Camel's own per-route meters and the JVM's share the registry (the ones README names)
        assertEquals(2, metrics.sum("camel_exchanges_total", "routeId", "document"), response.body());
        assertEquals(2, metrics.sum("camel_exchanges_succeeded_total", "routeId", "document"));
        assertEquals(0, metrics.sum("camel_exchanges_failed_total", "routeId", "document"));
        assertEquals(2, metrics.sum("camel_route_policy_seconds_count", "routeId", "document"));
        assertTrue(metrics.sum("camel_route_policy_seconds_sum", "routeId", "document") > 0);
        assertEquals(service.ollama().chatCalls(), metrics.sum("camel_exchanges_total", "routeId", "llm-call"));
        assertTrue(metrics.sum("jvm_memory_used_bytes") > 0);
        assertTrue(metrics.has("process_cpu_usage"));
    }

    private PrometheusText scrape() {
        try {
            return new PrometheusText(service.librarian().get("/metrics").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String insert(String text, String name) throws Exception {
        return json(service.librarian().post("/documents/text", new ObjectMapper().createObjectNode().put("text", text)
                .put("file_source", name).toString())).get("doc_id").asText();
    }

    private int chunks(String docId) {
        return service.librarian().status().record(docId).orElseThrow().chunksCount();
    }
}
