package dev.librarian.ollama;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Camel health check {@code librarian/ollama}: does Ollama answer, and does it have the configured chat and
 * embedding models? While the breaker says Ollama is down it reports that without another network call; otherwise
 * it asks {@code /api/tags} through {@code direct:ollama-tags}, which gives up after {@code OLLAMA_PROBE_TIMEOUT_MS}.
 * Details: {@code status} (available | unreachable | model_missing), {@code host}, {@code since}, {@code models},
 * {@code missing_models}.
 */
public final class OllamaHealthCheck extends AbstractHealthCheck {

    public static final String ID = "ollama";

    private final OllamaAvailability availability;
    private final String llmHost;
    private final String llmModel;
    private final String embeddingHost;
    private final String embeddingModel;
    private ProducerTemplate template;

    public OllamaHealthCheck(CamelContext camel, OllamaAvailability availability, String llmHost, String llmModel,
                             String embeddingHost, String embeddingModel) {
        super("librarian", ID);
        setCamelContext(camel);
        this.availability = availability;
        this.llmHost = llmHost;
        this.llmModel = llmModel;
        this.embeddingHost = embeddingHost;
        this.embeddingModel = embeddingModel;
    }

    /** Ollama being down makes Librarian not ready (questions fail), not dead: it waits and resumes by itself. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("host", availability.host());
        var outage = availability.outage();
        if (outage.isPresent()) {
            builder.down().message(availability.waitingMessage().orElseThrow())
                    .detail("status", "unreachable").detail("since", outage.get().since().toString())
                    .detail("reason", outage.get().reason());
            return;
        }
        OllamaModels llmModels;
        OllamaModels embeddingModels;
        try {
            llmModels = tags(llmHost);
            embeddingModels = embeddingHost.equals(llmHost) ? llmModels : tags(embeddingHost);
        } catch (Exception e) {
            String reason = OllamaFailures.reason(e);
            builder.down().message("Ollama at " + availability.host() + " does not answer: " + reason)
                    .detail("status", "unreachable").detail("reason", reason);
            return;
        }
        Map<String, Object> models = new LinkedHashMap<>();
        models.put(llmModel, llmModels.has(llmModel));
        models.put(embeddingModel, embeddingModels.has(embeddingModel));
        List<String> missing = new ArrayList<>();
        models.forEach((name, present) -> {
            if (!(Boolean) present) {
                missing.add(name);
            }
        });
        builder.detail("models", models).detail("missing_models", missing);
        if (missing.isEmpty()) {
            builder.up().message("Ollama at " + availability.host() + " answers and has " + String.join(" and ", models.keySet()))
                    .detail("status", "available");
        } else {
            builder.down().message("Ollama at " + availability.host() + " answers but has no model " + String.join(", ", missing)
                    + " (ollama pull " + String.join(" && ollama pull ", missing) + ")")
                    .detail("status", "model_missing");
        }
    }

    @SuppressWarnings("unchecked")
    private OllamaModels tags(String host) {
        return OllamaModels.fromTags(template().requestBody("direct:ollama-tags", host, Map.class));
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = getCamelContext().createProducerTemplate();
        }
        return template;
    }
}
