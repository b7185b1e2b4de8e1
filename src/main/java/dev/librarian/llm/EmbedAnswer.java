package dev.librarian.llm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Ollama's {@code /api/embed} answer, read straight into float arrays (no boxed numbers: a batch holds tens of
 * thousands of them).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class EmbedAnswer {

    public String model;
    public float[][] embeddings;
    public String error;
    /** Tokens Ollama embedded; 0 when it does not say. */
    @JsonProperty("prompt_eval_count")
    public long promptEvalCount;
}
