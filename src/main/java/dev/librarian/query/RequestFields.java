package dev.librarian.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.librarian.api.BadRequestException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of a request's JSON fields that fail with a message naming the field and what it must be. */
final class RequestFields {

    private final JsonNode body;

    RequestFields(JsonNode body) {
        this.body = body;
    }

    /** True when the field is missing or JSON null, which means "use the default". */
    boolean absent(String name) {
        JsonNode v = body.get(name);
        return v == null || v.isNull();
    }

    /** True when the field is an empty list. */
    boolean isEmptyList(String name) {
        JsonNode v = body.get(name);
        return v != null && v.isArray() && v.isEmpty();
    }

    /** True when the field is an empty string. */
    boolean isEmptyString(String name) {
        JsonNode v = body.get(name);
        return v != null && v.isTextual() && v.textValue().isEmpty();
    }

    String string(String name, String fallback) {
        if (absent(name)) {
            return fallback;
        }
        JsonNode v = body.get(name);
        if (!v.isTextual()) {
            throw new BadRequestException(name + " must be a string");
        }
        return v.textValue();
    }

    boolean bool(String name, boolean fallback) {
        if (absent(name)) {
            return fallback;
        }
        JsonNode v = body.get(name);
        if (!v.isBoolean()) {
            throw new BadRequestException(name + " must be true or false");
        }
        return v.booleanValue();
    }

    /** An integer in [min, max]; integral decimals ({@code 40.0}) and digit strings ({@code "40"}) are accepted. */
    int integer(String name, int fallback, int min, int max) {
        if (absent(name)) {
            return fallback;
        }
        JsonNode v = body.get(name);
        String range = name + " must be between " + min + " and " + max;
        BigDecimal value;
        if (v.isNumber()) {
            value = v.decimalValue();
        } else if (v.isTextual() && v.textValue().strip().matches("-?\\d{1,18}")) {
            value = new BigDecimal(v.textValue().strip());
        } else {
            throw new BadRequestException(name + " must be an integer (" + range.substring(name.length() + 1) + ")");
        }
        if (value.stripTrailingZeros().scale() > 0) {
            throw new BadRequestException(name + " must be an integer (" + range.substring(name.length() + 1) + ")");
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new BadRequestException(range + ", not " + value.toPlainString());
        }
        return value.intValueExact();
    }

    /** A list of strings; a missing or null field is an empty list. */
    List<String> strings(String name) {
        if (absent(name)) {
            return List.of();
        }
        JsonNode v = body.get(name);
        if (!v.isArray()) {
            throw new BadRequestException(name + " must be a list of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new BadRequestException(name + "[" + i + "] must be a string");
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }
}
