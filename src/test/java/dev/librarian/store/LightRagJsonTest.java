package dev.librarian.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LightRagJsonTest {

    private static JsonNode parse(String json) throws Exception {
        return LightRagJson.mapper().readTree(json);
    }

    @Test
    void prettyMatchesPythonIndentTwo() throws Exception {
        // python: json.dumps(obj, indent=2, ensure_ascii=False)
        JsonNode node = parse("{\"a\": 1, \"b\": [1, \"x\"], \"c\": {}, \"d\": [], \"e\": {\"f\": null, \"g\": true},"
                + " \"h\": 1.5, \"имя\": \"Ёж\"}");
        String expected = """
                {
                  "a": 1,
                  "b": [
                    1,
                    "x"
                  ],
                  "c": {},
                  "d": [],
                  "e": {
                    "f": null,
                    "g": true
                  },
                  "h": 1.5,
                  "имя": "Ёж"
                }""";
        assertEquals(expected, new String(LightRagJson.pretty(node), StandardCharsets.UTF_8));
    }

    @Test
    void compactMatchesPythonDefaultSeparators() throws Exception {
        JsonNode node = parse("{\"a\":1,\"b\":[1,2],\"c\":{},\"d\":[],\"e\":{\"f\":\"ü\"}}");
        assertEquals("{\"a\": 1, \"b\": [1, 2], \"c\": {}, \"d\": [], \"e\": {\"f\": \"ü\"}}",
                new String(LightRagJson.compact(node), StandardCharsets.UTF_8));
    }

    @Test
    void stringsAreEscapedLikePython() {
        ObjectNode node = LightRagJson.mapper().createObjectNode();
        node.put("s", "q\"b\\n\nt\tc\u0001/\u2028é\uD83D\uDE00");
        node.put("lone", "x\uD800y");
        // python json.dumps(ensure_ascii=False) keeps "/", U+2028 and astral characters raw; \u0001 -> \\u0001
        assertEquals("{\"s\": \"q\\\"b\\\\n\\nt\\tc\\u0001/\u2028é\uD83D\uDE00\", \"lone\": \"x\\ud800y\"}",
                new String(LightRagJson.compact(node), StandardCharsets.UTF_8));
    }

    @Test
    void floatsAreWrittenLikePythonRepr() {
        // python: [repr(x) for x in ...]
        double[] values = {1.5, 100.0, 0.1, 1e-05, 0.0001, 1e+20, 1.5e+16, 1234567890123456.0, 1.2345678901234568e+17,
            -2.5e-07, -0.0, 0.0, 123.456, 5e-324, 1.7976931348623157e+308};
        String[] expected = {"1.5", "100.0", "0.1", "1e-05", "0.0001", "1e+20", "1.5e+16", "1234567890123456.0",
            "1.2345678901234568e+17", "-2.5e-07", "-0.0", "0.0", "123.456", "5e-324", "1.7976931348623157e+308"};
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], PythonJsonWriter.pythonRepr(values[i]));
        }
    }

    @Test
    void readsBomAndPythonNonFiniteNumbers() throws Exception {
        byte[] bytes = "\uFEFF{\"x\": NaN, \"y\": -Infinity}".getBytes(StandardCharsets.UTF_8);
        JsonNode node = LightRagJson.read(bytes);
        assertEquals(Double.NaN, node.get("x").doubleValue());
        assertEquals(Double.NEGATIVE_INFINITY, node.get("y").doubleValue());
        assertEquals("{\"x\": NaN, \"y\": -Infinity}", new String(LightRagJson.compact(node), StandardCharsets.UTF_8));
    }
}
