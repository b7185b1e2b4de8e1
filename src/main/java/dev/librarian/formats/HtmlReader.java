package dev.librarian.formats;

import dev.librarian.intake.TextDecoder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A web page saved as {@code .html}/{@code .htm}: its title, author and language from the head, its text by blocks. */
final class HtmlReader {

    /** A charset named in the page itself ({@code <meta charset>}, {@code http-equiv} or the XML declaration). */
    private static final Pattern DECLARED_CHARSET = Pattern.compile("(?i)(charset\\s*=|encoding\\s*=)");

    private HtmlReader() {
    }

    static Book read(byte[] bytes, String fileName) {
        Document doc = parse(bytes);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "html");
        putIfPresent(metadata, "title", doc.title());
        putIfPresent(metadata, "author", doc.select("meta[name=author], meta[name=dc.creator], meta[name=DC.creator]")
                .attr("content"));
        String lang = doc.selectFirst("html") != null ? doc.selectFirst("html").attr("lang") : "";
        putIfPresent(metadata, "language", lang.isBlank()
                ? doc.select("meta[http-equiv=content-language]").attr("content") : lang);
        TextBuilder text = new TextBuilder();
        HtmlBlocks.walk(doc.body(), text);
        return new Book(text.text(), metadata);
    }

    /** Parses with the charset the page declares; a page that declares none is decoded like a text file. */
    static Document parse(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        if (DECLARED_CHARSET.matcher(head).find()) {
            try {
                return Jsoup.parse(new java.io.ByteArrayInputStream(bytes), null, "");
            } catch (java.io.IOException e) {
                throw new UnreadableBookException("corrupt HTML: " + BookArchive.reason(e));
            }
        }
        return Jsoup.parse(TextDecoder.decode(bytes).text());
    }

    static void putIfPresent(Map<String, Object> metadata, String key, String value) {
        if (value != null && !value.isBlank()) {
            metadata.put(key, value.strip());
        }
    }
}
