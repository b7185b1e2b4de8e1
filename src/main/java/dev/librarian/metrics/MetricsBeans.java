package dev.librarian.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** Binds the meter registry Librarian shares with camel-micrometer, and the meter of Ollama calls. */
public final class MetricsBeans {

    private MetricsBeans() {
    }

    public static LibrarianMetrics bind(CamelContext camel) throws Exception {
        Registry registry = camel.getRegistry();
        // one registry for Librarian's meters and Camel's (camel.metrics.* binds or finds it under this name)
        PrometheusMeterRegistry meterRegistry = registry.lookupByNameAndType("metricsRegistry",
                PrometheusMeterRegistry.class);
        if (meterRegistry == null) {
            meterRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meterRegistry);
        }
        LibrarianMetrics metrics = new LibrarianMetrics(meterRegistry);
        registry.bind("metrics", metrics);
        OllamaCallMeter ollamaCalls = new OllamaCallMeter(metrics);
        camel.getManagementStrategy().addEventNotifier(ollamaCalls);
        camel.addService(ollamaCalls);
        return metrics;
    }
}
