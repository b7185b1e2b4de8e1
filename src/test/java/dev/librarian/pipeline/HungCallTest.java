package dev.librarian.pipeline;

import dev.librarian.status.DocStatus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import dev.librarian.testing.TcpProxy;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call Ollama never answers is cut at {@code LLM_TIMEOUT}: Librarian closes its connection (seen from the
 * network side, through a {@link TcpProxy}), gives it back to no one (the HTTP pool holds no leased connection
 * afterwards) and tries again; nothing is left hanging. The same for streamed answers.
 */
class HungCallTest {

    private static final Duration HANG = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private final FakeOllama ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
    private final TcpProxy proxy = TcpProxy.to(ollama.port());
    private RunningLibrarian librarian;

    @BeforeEach
    void start() throws Exception {
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama, Map.of(
                "LLM_BINDING_HOST", proxy.url(), "EMBEDDING_BINDING_HOST", proxy.url(), "LLM_TIMEOUT", "2",
                "MAX_ASYNC_LLM", "1", "MAX_GLEANING", "0"));
    }

    @AfterEach
    void stop() {
        librarian.close();
        proxy.close();
        ollama.close();
    }

    /** The HTTP client pools of every Ollama endpoint (each endpoint has its own), added up. */
    private PoolStats pool() {
        List<PoolStats> pools = librarian.context().getEndpoints().stream()
                .filter(e -> e instanceof HttpEndpoint)
                .map(e -> ((PoolingHttpClientConnectionManager) ((HttpEndpoint) e).getClientConnectionManager()))
                .distinct().map(PoolingHttpClientConnectionManager::getTotalStats).toList();
        assertFalse(pools.isEmpty());
        return new PoolStats(pools.stream().mapToInt(PoolStats::getLeased).sum(),
                pools.stream().mapToInt(PoolStats::getPending).sum(),
                pools.stream().mapToInt(PoolStats::getAvailable).sum(),
                pools.stream().mapToInt(PoolStats::getMax).sum());
    }

    private void awaitHungCallUnderWay() {
        RunningLibrarian.await(Duration.ofSeconds(20), () -> ollama.inFlightChat() == 1, "the call reached Ollama");
        assertEquals(1, pool().getLeased(), "the hung call holds a pooled connection");
    }

    /** The connection the client closed itself, and how long it had waited for an answer. */
    private Duration theOneConnectionClosedByTheClient() {
        List<TcpProxy.Connection> closed = proxy.connections().stream()
                .filter(c -> c.closedBy() == TcpProxy.Closer.CLIENT).toList();
        assertEquals(1, closed.size(), "only the hung call's connection was given up: " + proxy.connections());
        return closed.get(0).clientWaitedBeforeClosing();
    }

    private void assertNothingLeftHanging() {
        RunningLibrarian.await(Duration.ofSeconds(5), () -> librarian.context().getInflightRepository().size() == 0,
                "no exchange left in flight: " + librarian.context().getInflightRepository().browse());
        PoolStats pool = pool();
        assertEquals(0, pool.getLeased(), "no connection is still leased: " + pool);
        assertTrue(proxy.openConnections().size() <= pool.getAvailable(),
                "every connection still open is an idle one in the pool: " + proxy.openConnections() + " / " + pool);
    }

    /** Cut at LLM_TIMEOUT (2 s) and closed then, not drained for another timeout's worth. */
    private static void assertCutAtTheTimeout(Duration waited) {
        assertTrue(waited.toMillis() >= 1900 && waited.toMillis() < 3000,
                "the client gave up after LLM_TIMEOUT (2 s): " + waited.toMillis() + " ms");
    }

    @Test
    void should_cut_a_hung_extraction_call_at_llm_timeout_close_its_connection_and_retry() throws Exception {
        ollama.hangNext(1, HANG);
        long started = System.nanoTime();
        String docId = json(librarian.post("/documents/text",
                "{\"text\": \"Иван Петрович живёт в Москве. Мария Ивановна уехала в Петербург.\"}"))
                .get("doc_id").asText();

        awaitHungCallUnderWay();
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(25)));
        double seconds = (System.nanoTime() - started) / 1e9;

        assertTrue(seconds < 15, "retried after the timeout, not after Ollama's 30 s: " + seconds + " s");
        assertCutAtTheTimeout(theOneConnectionClosedByTheClient());
        assertNothingLeftHanging();
    }

    @Test
    void should_retry_a_streamed_answer_that_hangs_before_its_first_piece() throws Exception {
        ollama.hangNext(1, HANG);
        long started = System.nanoTime();

        HttpResponse<String> answer = librarian.post("/query/stream",
                "{\"query\": \"Who is Bazarov?\", \"mode\": \"bypass\"}");

        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("\"response\""), answer.body());
        assertFalse(answer.body().contains("\"error\""), answer.body());
        assertTrue(seconds < 12, "answered after one retry: " + seconds + " s");
        assertCutAtTheTimeout(theOneConnectionClosedByTheClient());
        assertNothingLeftHanging();
    }

    @Test
    void should_end_a_streamed_answer_that_stalls_half_way_at_llm_timeout_with_an_error_line() throws Exception {
        ollama.stallNext(1, HANG);
        long started = System.nanoTime();

        HttpResponse<String> answer = librarian.post("/query/stream",
                "{\"query\": \"Who is Bazarov?\", \"mode\": \"bypass\"}");

        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(200, answer.statusCode());
        String[] lines = answer.body().strip().split("\n");
        assertTrue(lines[1].contains("\"response\""), "the first piece was relayed: " + answer.body());
        assertTrue(lines[lines.length - 1].contains("\"error\"") && lines[lines.length - 1].contains("broke off"),
                "the client is told the answer broke off: " + answer.body());
        assertTrue(seconds < 8, "the stream ends at LLM_TIMEOUT, not when Ollama wakes up: " + seconds + " s");
        assertEquals(1, ollama.requests("POST /api/chat"), "pieces already sent are not asked for again");
        assertCutAtTheTimeout(theOneConnectionClosedByTheClient());
        assertNothingLeftHanging();
    }
}
