package dev.librarian.testing;

import static dev.librarian.model.Separators.COMPLETION;
import static dev.librarian.model.Separators.TUPLE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.librarian.testing.FakeOllama.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The deterministic "models" behind {@link FakeOllama}: chat answers built from the conversation alone,
 * and bag-of-words embeddings.
 */
final class FakeAnswers {

    /** One chat message as sent by the client. */
    record Message(String role, String content) {
    }

    /** A distinct capitalised word and the index of its first occurrence. */
    private record Mention(String name, int at) {
    }

    /** Capitalised words, Unicode aware; lookarounds instead of \b, whose meaning differs across JDKs. */
    private static final Pattern CAPITALISED = Pattern.compile("(?<![\\p{L}\\p{N}])\\p{Lu}\\p{Ll}{2,}(?![\\p{L}\\p{N}])");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final String FENCE = "```";
    private static final Pattern QUERY_LINE = Pattern.compile("(?m)^\\s*(?:User\\s+)?Query:\\s*(.*\\S)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONTEXT_RADIUS = 60;
    private static final int MAX_SENTENCE = 200;
    private static final int SUMMARY_LENGTH = 200;
    private static final int MAX_LOW_LEVEL = 5;
    private static final int MAX_HIGH_LEVEL = 2;

    private FakeAnswers() {
    }

    /** A bag-of-words hash of the text's lowercased words, L2-normalised; a fixed unit vector if it has none. */
    static float[] embedding(String text, int dim) {
        double[] sums = new double[dim];
        NON_WORD.splitAsStream(text.toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty()).forEach(word -> {
            int hash = word.hashCode();
            sums[Math.floorMod(hash, dim)] += 1.0;
            sums[Math.floorMod(Integer.rotateLeft(hash * 0x9E3779B1, 16), dim)] += 0.5;
        });
        double norm = Math.sqrt(Arrays.stream(sums).map(x -> x * x).sum());
        float[] vector = new float[dim];
        for (int i = 0; i < dim; i++) {
            vector[i] = (float) (norm == 0 ? 1 / Math.sqrt(dim) : sums[i] / norm);
        }
        return vector;
    }

    static Kind classify(List<Message> messages) {
        boolean extractionPrompt = messages.stream()
                .anyMatch(m -> m.role().equals("system") && m.content().contains(COMPLETION));
        if (extractionPrompt) {
            return messages.stream().anyMatch(m -> m.role().equals("assistant")) ? Kind.GLEANING : Kind.EXTRACTION;
        }
        if (messages.stream().anyMatch(m -> m.content().contains("high_level_keywords"))) {
            return Kind.KEYWORDS;
        }
        return Kind.OTHER;
    }

    static String answer(Kind kind, List<Message> messages, int maxEntitiesPerChunk) {
        return switch (kind) {
            case EXTRACTION -> extraction(fencedText(lastUser(messages)), maxEntitiesPerChunk);
            case GLEANING -> gleaning(messages);
            case KEYWORDS -> keywords(lastUser(messages));
            case OTHER -> "Summary: " + truncate(collapse(lastUser(messages)), SUMMARY_LENGTH);
        };
    }

    /** Entity rows for the first capitalised words, relation rows between consecutive ones. */
    private static String extraction(String chunk, int maxEntities) {
        List<Mention> entities = mentions(chunk).stream().limit(maxEntities).toList();
        StringBuilder out = new StringBuilder();
        entities.forEach(e -> out.append(entityRow(e, chunk)));
        for (int i = 1; i < entities.size(); i++) {
            out.append(relationRow(entities.get(i - 1).name(), entities.get(i).name()));
        }
        return out.append(COMPLETION).toString();
    }

    /** One more entity row: the first capitalised word of the chunk that no earlier answer named. */
    private static String gleaning(List<Message> messages) {
        String chunk = fencedText(firstUser(messages));
        String earlier = messages.stream().filter(m -> m.role().equals("assistant"))
                .map(Message::content).collect(Collectors.joining("\n"));
        return mentions(chunk).stream()
                .filter(m -> !earlier.contains(TUPLE + m.name() + TUPLE))
                .findFirst()
                .map(m -> entityRow(m, chunk))
                .orElse("") + COMPLETION;
    }

    private static String keywords(String prompt) {
        String query = queryText(prompt);
        List<String> words = NON_WORD.splitAsStream(query).filter(w -> !w.isEmpty()).toList();
        List<String> low = Stream.concat(
                        CAPITALISED.matcher(query).results().map(MatchResult::group),
                        words.stream().filter(w -> w.length() >= 5))
                .distinct().limit(MAX_LOW_LEVEL).toList();
        List<String> high = words.stream().filter(w -> w.length() >= 6 && !Character.isUpperCase(w.codePointAt(0)))
                .map(w -> w.toLowerCase(Locale.ROOT)).distinct().limit(MAX_HIGH_LEVEL).toList();
        ObjectNode node = JSON.createObjectNode();
        high.forEach(node.putArray("high_level_keywords")::add);
        low.forEach(node.putArray("low_level_keywords")::add);
        return node.toString();
    }

    /** The text after the last {@code Query:} (or {@code User Query:}) line, else the whole prompt. */
    private static String queryText(String prompt) {
        List<String> queries = QUERY_LINE.matcher(prompt).results().map(r -> r.group(1)).toList();
        return queries.isEmpty() ? prompt : queries.get(queries.size() - 1);
    }

    /** The text between the last pair of triple-backtick fences, or all of it if there is no such pair. */
    private static String fencedText(String content) {
        int close = content.lastIndexOf(FENCE);
        int open = close >= FENCE.length() ? content.lastIndexOf(FENCE, close - FENCE.length()) : -1;
        if (open < 0) {
            return content.strip();
        }
        return content.substring(open + FENCE.length(), close).strip();
    }

    private static List<Mention> mentions(String text) {
        Map<String, Integer> firstSeen = new LinkedHashMap<>();
        CAPITALISED.matcher(text).results().forEach(r -> firstSeen.putIfAbsent(r.group(), r.start()));
        List<Mention> mentions = new ArrayList<>();
        firstSeen.forEach((name, at) -> mentions.add(new Mention(name, at)));
        return mentions;
    }

    private static String entityRow(Mention entity, String chunk) {
        String type = Math.floorMod(entity.name().hashCode(), 2) == 0 ? "person" : "location";
        String description = entity.name() + " is mentioned: \"" + sentenceAround(chunk, entity.at()) + "\"";
        return String.join(TUPLE, "entity", entity.name(), type, description) + "\n";
    }

    private static String relationRow(String source, String target) {
        return String.join(TUPLE, "relation", source, target, "co-occurrence,narrative",
                source + " and " + target + " appear together in the text.") + "\n";
    }

    /** The sentence holding {@code at}, or a window around it if that sentence is very long. */
    private static String sentenceAround(String text, int at) {
        int start = at;
        while (start > 0 && !endsSentence(text.charAt(start - 1))) {
            start--;
        }
        int end = at;
        while (end < text.length() && !endsSentence(text.charAt(end))) {
            end++;
        }
        end = Math.min(text.length(), end + 1);
        if (end - start > MAX_SENTENCE) {
            start = codePointBoundary(text, Math.max(0, at - CONTEXT_RADIUS));
            end = codePointBoundary(text, Math.min(text.length(), at + CONTEXT_RADIUS));
        }
        return collapse(text.substring(start, end)).replace(TUPLE, " ");
    }

    private static boolean endsSentence(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static int codePointBoundary(String text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }

    private static String truncate(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, codePointBoundary(text, maxChars));
    }

    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    private static String firstUser(List<Message> messages) {
        return messages.stream().filter(m -> m.role().equals("user")).map(Message::content).findFirst().orElse("");
    }

    private static String lastUser(List<Message> messages) {
        String last = "";
        for (Message m : messages) {
            if (m.role().equals("user")) {
                last = m.content();
            }
        }
        return last;
    }
}
