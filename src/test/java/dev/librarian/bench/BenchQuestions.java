package dev.librarian.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Realistic, distinct questions about the names in a corpus: capitalised words that occur in the middle of
 * sentences (so mostly characters and places, not sentence openers), put into question templates about one name
 * or a pair. Deterministic for a given text and seed.
 */
final class BenchQuestions {

    private static final Pattern CAPITALISED =
            Pattern.compile("(?<![\\p{L}\\p{N}])\\p{Lu}\\p{Ll}{2,}(?![\\p{L}\\p{N}])");
    private static final int MIN_MENTIONS = 3;
    private static final int MAX_NAMES = 200;
    private static final List<String> ABOUT_ONE = List.of(
            "Кто такой %s?",
            "Какую роль играет %s в сюжете?",
            "Чем запомнился читателю %s?",
            "Каким характером обладает %s?",
            "Что делает %s в начале повествования?",
            "Где живёт %s и чем занимается?");
    private static final List<String> ABOUT_TWO = List.of(
            "Что связывает %s и %s?",
            "Как относятся друг к другу %s и %s?",
            "О чём спорят %s и %s?",
            "Где встречаются %s и %s?",
            "Какие отношения складываются между героями: %s и %s?");

    private BenchQuestions() {
    }

    /** {@code count} distinct questions about the most mentioned names of {@code text}. */
    static List<String> generate(String text, int count, long seed) {
        List<String> names = names(text);
        if (names.size() < 2) {
            throw new IllegalArgumentException("the corpus names too few characters to ask about");
        }
        Random random = new Random(seed);
        Set<String> questions = new LinkedHashSet<>();
        for (int attempts = 0; questions.size() < count; attempts++) {
            if (attempts > count * 100) {
                throw new IllegalArgumentException("cannot make " + count + " distinct questions from "
                        + names.size() + " names");
            }
            String first = names.get(random.nextInt(names.size()));
            if (random.nextInt(3) == 0) {
                String second = names.get(random.nextInt(names.size()));
                if (!second.equals(first)) {
                    questions.add(ABOUT_TWO.get(random.nextInt(ABOUT_TWO.size())).formatted(first, second));
                }
            } else {
                questions.add(ABOUT_ONE.get(random.nextInt(ABOUT_ONE.size())).formatted(first));
            }
        }
        return List.copyOf(questions);
    }

    /** Capitalised words seen at least {@link #MIN_MENTIONS} times mid-sentence, most mentioned first. */
    static List<String> names(String text) {
        Map<String, Integer> mentions = new HashMap<>();
        Matcher m = CAPITALISED.matcher(text);
        while (m.find()) {
            if (midSentence(text, m.start())) {
                mentions.merge(m.group(), 1, Integer::sum);
            }
        }
        List<String> names = new ArrayList<>();
        mentions.forEach((name, n) -> {
            if (n >= MIN_MENTIONS) {
                names.add(name);
            }
        });
        names.sort(Comparator.comparing((String name) -> -mentions.get(name)).thenComparing(name -> name));
        return names.subList(0, Math.min(MAX_NAMES, names.size()));
    }

    /** Whether the last non-blank character before {@code at} continues a sentence (a letter, digit or comma). */
    private static boolean midSentence(String text, int at) {
        int i = at - 1;
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\u00a0')) {
            i--;
        }
        return i >= 0 && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == ',');
    }
}
