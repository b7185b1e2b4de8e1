package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.ForkedLibrarian;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A graceful restart: SIGTERM and the time the service takes to end, then a new start with the same settings, the
 * time until {@code GET /health} answers 200 and from then until the first query gets its context.
 */
final class RestartTiming {

    static final double TARGET_HEALTH_SECONDS = 15;
    private static final long POLL_MS = 20;

    private final double stopSeconds;
    private final boolean stoppedByItself;
    private final double healthSeconds;
    private final double firstQuerySeconds;
    private final ForkedLibrarian restarted;

    private RestartTiming(double stopSeconds, boolean stoppedByItself, double healthSeconds, double firstQuerySeconds,
                          ForkedLibrarian restarted) {
        this.stopSeconds = stopSeconds;
        this.stoppedByItself = stoppedByItself;
        this.healthSeconds = healthSeconds;
        this.firstQuerySeconds = firstQuerySeconds;
        this.restarted = restarted;
    }

    static RestartTiming run(BenchService service, ForkedLibrarian running, String question) throws Exception {
        long stopAt = System.nanoTime();
        boolean byItself = running.stop(Duration.ofSeconds(120));
        double stop = (System.nanoTime() - stopAt) / 1e9;

        long startAt = System.nanoTime();
        ForkedLibrarian restarted = service.start();
        ServiceClient client = new ServiceClient(restarted.url(""));
        while (client.health() != 200) {
            if (!restarted.isAlive()) {
                throw new IllegalStateException("the restarted service exited; see " + service.log());
            }
            if (System.nanoTime() - startAt > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("no 200 from /health within 5 minutes; see " + service.log());
            }
            Thread.sleep(POLL_MS);
        }
        long healthyAt = System.nanoTime();
        while (true) {
            try {
                client.queryContext("mix", question);
                break;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() - healthyAt > Duration.ofMinutes(5).toNanos()) {
                    throw notYet;
                }
                Thread.sleep(POLL_MS);
            }
        }
        return new RestartTiming(stop, byItself, (healthyAt - startAt) / 1e9, (System.nanoTime() - healthyAt) / 1e9,
                restarted);
    }

    ForkedLibrarian restarted() {
        return restarted;
    }

    boolean holds() {
        return healthSeconds <= TARGET_HEALTH_SECONDS;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "restart: SIGTERM -> exit %.1f s%s; start -> /health 200 %.2f s (acceptance <= %.0f s:"
                        + " %s); /health -> first query %.2f s%n", stopSeconds,
                stoppedByItself ? "" : " (KILLED after 120 s)", healthSeconds, TARGET_HEALTH_SECONDS,
                holds() ? "holds" : "MISSED", firstQuerySeconds);
    }

    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("stop_seconds", stopSeconds)
                .put("stopped_by_itself", stoppedByItself).put("health_seconds", healthSeconds)
                .put("first_query_after_health_seconds", firstQuerySeconds).put("holds", holds());
    }
}
