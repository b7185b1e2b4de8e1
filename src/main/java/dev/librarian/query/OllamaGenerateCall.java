package dev.librarian.query;

/**
 * An Ollama {@code /api/generate} request: sent straight to the LLM, no retrieval.
 *
 * @param model  model named by the client (informational)
 * @param prompt the prompt
 * @param system optional system prompt, or null
 * @param stream whether to answer as NDJSON (default false for generate)
 */
public record OllamaGenerateCall(String model, String prompt, String system, boolean stream) {
}
