package dev.librarian.ollama;

import dev.librarian.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;

/** Binds the beans that watch Ollama (breaker, gate, retry policy, route policy, health check, report). */
public final class OllamaWatchBeans {

    private OllamaWatchBeans() {
    }

    public static void bind(CamelContext camel, Settings settings, Clock clock) {
        OllamaWatchSettings watch = settings.ollamaWatch();
        List<String> hosts = List.copyOf(new LinkedHashSet<>(List.of(settings.llmHost(), settings.embeddingHost())));
        OllamaAvailability availability = new OllamaAvailability(hosts, watch.breakerThreshold(), watch.probeInterval(), clock);
        OllamaHealthCheck check = new OllamaHealthCheck(camel, availability, settings.llmHost(), settings.llmModel(),
                settings.embeddingHost(), settings.embeddingModel());
        Registry registry = camel.getRegistry();
        registry.bind("ollamaAvailability", availability);
        registry.bind("ollamaGate", new OllamaGate(availability));
        registry.bind("ollamaRetry", new OllamaRetryPolicy(availability, settings.llmMaxRetries()));
        registry.bind("llmCallFailureLog", new LlmCallFailureLog(camel));
        registry.bind("llmCallPause", new LlmCallPause(availability));
        registry.bind("ollamaHealthCheck", check);
        registry.bind("ollamaReport", new OllamaReport(camel, availability, check));
    }
}
