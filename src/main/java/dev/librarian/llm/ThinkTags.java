package dev.librarian.llm;

import java.util.regex.Pattern;

/**
 * Removes the reasoning ({@code <think>…</think>}) that reasoning models put before their answer: from every chat
 * answer, and again where extraction and keyword answers are parsed (answers cached by LightRAG may hold it).
 */
public final class ThinkTags {

    private static final Pattern MARKER = Pattern.compile("(?i)think>");
    private static final Pattern BLOCK = Pattern.compile("(?is)<think>.*?</think>");
    private static final Pattern UP_TO_LAST_CLOSE = Pattern.compile("(?is)^.*</think>");
    private static final Pattern UNCLOSED_OPEN = Pattern.compile("(?is)<think>.*$");

    private ThinkTags() {
    }

    /**
     * Drops every closed think block; then, if a closing tag is left (its opening tag was cut off), everything up to
     * it; then, if an opening tag is left (the answer ended while still thinking), everything from it.
     */
    public static String remove(String text) {
        if (text == null) {
            return "";
        }
        if (!MARKER.matcher(text).find()) {
            return text;
        }
        String s = BLOCK.matcher(text).replaceAll("");
        s = UP_TO_LAST_CLOSE.matcher(s).replaceFirst("");
        return UNCLOSED_OPEN.matcher(s).replaceFirst("");
    }
}
