package dev.librarian.ollama;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The models an Ollama serves, read from its {@code /api/tags} answer; names compare as Ollama compares them. */
public record OllamaModels(Set<String> names) {

    @SuppressWarnings("unchecked")
    public static OllamaModels fromTags(Map<String, Object> tags) {
        Set<String> names = new LinkedHashSet<>();
        if (tags != null && tags.get("models") instanceof List<?> models) {
            for (Object m : models) {
                if (m instanceof Map<?, ?> model) {
                    Object name = model.get("name") != null ? model.get("name") : model.get("model");
                    if (name != null) {
                        names.add(withTag(name.toString()));
                    }
                }
            }
        }
        return new OllamaModels(Set.copyOf(names));
    }

    /** {@code bge-m3} is {@code bge-m3:latest}, as for Ollama itself. */
    public boolean has(String model) {
        return names.contains(withTag(model));
    }

    private static String withTag(String name) {
        return name.contains(":") ? name : name + ":latest";
    }
}
