package dev.librarian.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatus;
import dev.librarian.testing.Corpus;
import dev.librarian.testing.LibrarianExtension;
import dev.librarian.testing.RunningLibrarian;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.librarian.testing.RunningLibrarian.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator watching the service over JMX sees every pipeline route, its counters, the LLM throttle and the
 * queues, under the names README "Metrics over JMX" gives, also with the JDK-only {@code bin/jmx} command.
 */
class JmxRoutesTest {

    private static final String DOMAIN = "org.apache.camel";
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @RegisterExtension
    final LibrarianExtension service = LibrarianExtension.withEmbeddingDim(16)
            .settings(Map.of("CHUNK_SIZE", "200", "CHUNK_OVERLAP_SIZE", "20", "MAX_ASYNC_LLM", "3"));

    @Test
    void should_expose_routes_counters_and_the_llm_throttle_as_mbeans() throws Exception {
        String docId = json(service.librarian().post("/documents/text", "{\"text\": "
                + new ObjectMapper().valueToTree(Corpus.excerpt(Corpus.CHEKHOV, 20000, 1200))
                + ", \"file_source\": \"jmx.txt\"}")).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(docId, Duration.ofSeconds(60)));

        ObjectName document = route("document");
        assertTrue(jmx.isRegistered(document), "the document route is an MBean: " + document);
        // the status turns processed just before the route's exchange completes and is counted
        RunningLibrarian.await(Duration.ofSeconds(10), () -> total(document) >= 1, "the document exchange is counted");
        assertEquals(0L, ((Number) jmx.getAttribute(document, "ExchangesFailed")).longValue());
        assertEquals((long) service.ollama().chatCalls(),
                ((Number) jmx.getAttribute(route("llm-call"), "ExchangesTotal"))
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
        assertEquals((long) service.ollama().chatCalls(),
                ((Number) jmx.getAttribute(throttle, "ExchangesTotal")).longValue(),
                "every LLM call passed the throttle");

        // the names README "Metrics over JMX" gives
        for (String attribute : List.of("ExchangesTotal", "ExchangesCompleted", "ExchangesFailed", "ExchangesInflight",
                "MeanProcessingTime", "Redeliveries")) {
            assertTrue(jmx.getAttribute(route("llm-call"), attribute) instanceof Number, attribute);
        }
        assertTrue(((Number) jmx.getAttribute(document, "MeanProcessingTime")).longValue() > 0,
                "indexing a document takes some milliseconds");
        for (String queue : List.of("documents", "llm-calls", "merge")) {
            Set<ObjectName> endpoints = jmx.queryNames(new ObjectName(DOMAIN
                    + ":context=librarian,type=endpoints,name=\"seda://" + queue + "*\""), null);
            assertFalse(endpoints.isEmpty(), "the " + queue + " queue is an endpoint MBean");
            for (ObjectName endpoint : endpoints) {
                assertEquals(0, ((Number) jmx.getAttribute(endpoint, "CurrentQueueSize")).intValue(),
                        endpoint + " is empty once the document is processed");
            }
        }
    }

    @Test
    void should_print_routes_throttle_and_queues_with_the_jdk_only_command() throws Exception {
        String docId = json(service.librarian().post("/documents/text", "{\"text\": "
                + new ObjectMapper().valueToTree(Corpus.excerpt(Corpus.CHEKHOV, 40000, 800))
                + ", \"file_source\": \"cli.txt\"}")).get("doc_id").asText();
        assertEquals(DocStatus.PROCESSED, service.librarian().awaitFinished(docId, Duration.ofSeconds(60)));
        ObjectName document = route("document");
        RunningLibrarian.await(Duration.ofSeconds(10), () -> total(document) >= 1, "document counted");
        String pid = String.valueOf(ProcessHandle.current().pid());

        String summary = run("bin/jmx", pid);
        assertTrue(summary.lines().anyMatch(l -> l.matches("document\\s+1\\s+1\\s+0\\s+0\\s+\\d+\\s+0")),
                "the document route's row: total 1, completed 1, failed 0, inflight 0, mean ms, redeliveries 0\n"
                        + summary);
        long llmCalls = total(route("llm-call"));
        assertEquals(service.ollama().chatCalls(), llmCalls);
        assertTrue(summary.lines().anyMatch(l -> l.matches("llm-call\\s+" + llmCalls + "\\s+" + llmCalls + "\\s.*")),
                "the llm-call route counted " + llmCalls + " calls\n" + summary);
        assertTrue(summary.contains("throttle llm-throttle: MaximumRequests 3, Mode ConcurrentRequests"), summary);
        for (String queue : List.of("documents", "llm-calls", "merge")) {
            assertTrue(summary.lines().anyMatch(l -> l.matches("queue seda://" + queue + "\\s+CurrentQueueSize 0")),
                    queue + " queue size\n" + summary);
        }

        String one = run("bin/jmx", pid, DOMAIN + ":context=librarian,type=routes,name=\"document\"",
                "ExchangesTotal", "ExchangesInflight");
        assertEquals(List.of(DOMAIN + ":context=librarian,type=routes,name=\"document\"", "  ExchangesTotal = 1",
                "  ExchangesInflight = 0"), one.lines().toList());
    }

    /** Runs a command from the project root; returns its output, failing if it exits non-zero. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "finished: " + List.of(command));
        assertEquals(0, process.exitValue(), List.of(command) + " failed:\n" + out);
        return out;
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
