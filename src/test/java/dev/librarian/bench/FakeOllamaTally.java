package dev.librarian.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.FakeOllama;

import java.util.EnumMap;
import java.util.Map;

/**
 * The fake Ollama's call counts over a long run. The fake keeps every chat request it received (tens of thousands
 * of prompts in a big library); {@link #trim()} adds its counts up here and lets it forget them.
 */
final class FakeOllamaTally {

    private final FakeOllama ollama;
    private final Map<FakeOllama.Kind, Long> chatCalls = new EnumMap<>(FakeOllama.Kind.class);
    private long embedRequests;
    private long embedInputs;

    FakeOllamaTally(FakeOllama ollama) {
        this.ollama = ollama;
        for (FakeOllama.Kind kind : FakeOllama.Kind.values()) {
            chatCalls.put(kind, 0L);
        }
    }

    synchronized void trim() {
        for (FakeOllama.Kind kind : FakeOllama.Kind.values()) {
            chatCalls.merge(kind, (long) ollama.chatCalls(kind), Long::sum);
        }
        embedRequests += ollama.embedRequests();
        embedInputs += ollama.embedInputs();
        ollama.reset();
    }

    synchronized long chatCalls(FakeOllama.Kind kind) {
        return chatCalls.get(kind) + ollama.chatCalls(kind);
    }

    synchronized ObjectNode json() {
        ObjectNode calls = JsonNodeFactory.instance.objectNode();
        for (FakeOllama.Kind kind : FakeOllama.Kind.values()) {
            calls.put(kind.name().toLowerCase(java.util.Locale.ROOT), chatCalls(kind));
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("chat_calls", calls);
        return json.put("embed_requests", embedRequests + ollama.embedRequests())
                .put("embed_inputs", embedInputs + ollama.embedInputs());
    }
}
