package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.FakeOllama;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator watching the service over JMX sees every pipeline route, its counters, and the LLM throttle. */
class JmxRoutesTest {

    private static final String DOMAIN = "org.apache.camel";
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path tmp;
    private FakeOllama ollama;
    private RunningLibrarian librarian;

    @BeforeEach
    void start() throws Exception {
        ollama = FakeOllama.start(FakeOllama.Config.DEFAULT.withEmbeddingDim(16));
        librarian = RunningLibrarian.start(tmp.resolve("cache"), tmp.resolve("inbox"), ollama,
                Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20", "MAX_ASYNC_LLM", "3"));
    }

    @AfterEach
    void stop() {
        librarian.close();
        ollama.close();
    }

    @Test
    void should_expose_routes_counters_and_the_llm_throttle_as_mbeans() throws Exception {
        String docId = json(librarian.post("/documents/text", "{\"text\": "
                + new ObjectMapper().valueToTree(Corpus.excerpt(Corpus.CHEKHOV, 20000, 1200))
                + ", \"file_source\": \"jmx.txt\"}")).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, librarian.awaitFinished(docId, Duration.ofSeconds(60)));

        ObjectName document = route("document");
        assertTrue(jmx.isRegistered(document), "the document route is an MBean: " + document);
        // the status turns processed just before the route's exchange completes and is counted
        RunningLibrarian.await(Duration.ofSeconds(10), () -> total(document) >= 1, "the document exchange is counted");
        assertEquals(0L, ((Number) jmx.getAttribute(document, "ExchangesFailed")).longValue());
        assertEquals((long) ollama.chatCalls(), ((Number) jmx.getAttribute(route("llm-call"), "ExchangesTotal"))
                .longValue(), "every LLM call went through the llm-call route once");

        Set<String> routeIds = new TreeSet<>();
        for (ObjectName route : jmx.queryNames(new ObjectName(DOMAIN + ":context=librarian,type=routes,*"), null)) {
            routeIds.add((String) jmx.getAttribute(route, "RouteId"));
        }
        for (String id : List.of("inbox", "accept", "document", "chunk", "extract", "llm", "llm-call", "merge",
                "store", "embed")) {
            assertTrue(routeIds.contains(id), "route " + id + " is registered; found " + routeIds);
        }

        ObjectName throttle = new ObjectName(DOMAIN + ":context=librarian,type=processors,name=\"llm-throttle\"");
        assertTrue(jmx.isRegistered(throttle), "the LLM throttle is an MBean");
        Set<String> attributes = new TreeSet<>();
        Arrays.stream(jmx.getMBeanInfo(throttle).getAttributes()).map(MBeanAttributeInfo::getName)
                .forEach(attributes::add);
        assertTrue(attributes.containsAll(Set.of("MaximumRequests", "Mode")), "throttle attributes: " + attributes);
        assertEquals(3L, ((Number) jmx.getAttribute(throttle, "MaximumRequests")).longValue(),
                "the throttle admits MAX_ASYNC_LLM calls at once");
        assertEquals("ConcurrentRequests", jmx.getAttribute(throttle, "Mode"));
        assertEquals("llm-call", jmx.getAttribute(throttle, "RouteId"));
    }

    private long total(ObjectName name) {
        try {
            return ((Number) jmx.getAttribute(name, "ExchangesTotal")).longValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectName route(String id) throws Exception {
        return new ObjectName(DOMAIN + ":context=librarian,type=routes,name=\"" + id + "\"");
    }
}
