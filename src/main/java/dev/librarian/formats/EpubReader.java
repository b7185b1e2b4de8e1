package dev.librarian.formats;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EPUB 2 and 3: the package document (OPF) found through {@code META-INF/container.xml} gives title, creators and
 * language and the reading order (spine); each spine document is walked by {@link HtmlBlocks}, its footnotes after
 * it. Encrypted content ({@code META-INF/encryption.xml} beyond font obfuscation, or Adobe's {@code rights.xml})
 * fails as DRM-protected.
 */
final class EpubReader {

    /** Font obfuscation (IDPF, Adobe): fonts only, the text is readable. */
    private static final Set<String> FONT_OBFUSCATION = Set.of("http://www.idpf.org/2008/embedding",
            "http://ns.adobe.com/pdf/enc#RC");

    private EpubReader() {
    }

    static Book read(byte[] zip, String fileName, ArchiveLimits limits) {
        BookArchive epub = BookArchive.open(zip, fileName, "EPUB", limits, BookArchive::isMarkup);
        refuseDrm(epub, fileName);
        Document container = xml(epub.required("META-INF/container.xml", fileName, "EPUB"));
        Element rootfile = container.selectFirst("rootfile[full-path]");
        if (rootfile == null) {
            throw new UnreadableBookException("corrupt archive: " + fileName
                    + " is not a readable EPUB (META-INF/container.xml names no package document)");
        }
        String opfPath = rootfile.attr("full-path");
        Document opf = xml(epub.required(opfPath, fileName, "EPUB"));
        String base = opfPath.contains("/") ? opfPath.substring(0, opfPath.lastIndexOf('/') + 1) : "";

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "epub");
        HtmlReader.putIfPresent(metadata, "title", first(opf, "title"));
        List<String> creators = opf.getElementsByTag("dc:creator").eachText();
        HtmlReader.putIfPresent(metadata, "author", String.join(", ", creators));
        HtmlReader.putIfPresent(metadata, "language", first(opf, "language"));

        Map<String, String> hrefs = new HashMap<>();
        for (Element item : opf.getElementsByTag("item")) {
            hrefs.put(item.attr("id"), item.attr("href"));
        }
        TextBuilder text = new TextBuilder();
        List<String> missing = new ArrayList<>();
        for (Element ref : opf.getElementsByTag("itemref")) {
            String href = hrefs.get(ref.attr("idref"));
            if (href == null) {
                continue;
            }
            String path = resolve(base, href);
            byte[] chapter = epub.entry(path).orElse(null);
            if (chapter == null) {
                missing.add(path);
                continue;
            }
            Document doc = html(chapter, fileName);
            if (doc.body() != null) {
                HtmlBlocks.walk(doc.body(), text);
            }
            text.endSection();
        }
        if (!missing.isEmpty()) {
            metadata.put("parse_warnings", "chapters missing from the archive: " + String.join(", ", missing));
        }
        return new Book(text.text(), metadata);
    }

    private static void refuseDrm(BookArchive epub, String fileName) {
        if (epub.has("META-INF/rights.xml")) {
            throw drm(fileName);
        }
        byte[] encryption = epub.entry("META-INF/encryption.xml").orElse(null);
        if (encryption == null) {
            return;
        }
        for (Element method : xml(encryption).getElementsByTag("enc:EncryptionMethod")) {
            if (!FONT_OBFUSCATION.contains(method.attr("Algorithm"))) {
                throw drm(fileName);
            }
        }
        for (Element method : xml(encryption).getElementsByTag("EncryptionMethod")) {
            if (!FONT_OBFUSCATION.contains(method.attr("Algorithm"))) {
                throw drm(fileName);
            }
        }
    }

    private static UnreadableBookException drm(String fileName) {
        return new UnreadableBookException("encrypted (DRM-protected) EPUB: the text of " + fileName
                + " is encrypted; index a DRM-free copy");
    }

    private static String first(Document opf, String dcName) {
        Element e = opf.getElementsByTag("dc:" + dcName).first();
        return e == null ? "" : e.text();
    }

    private static String resolve(String base, String href) {
        String h = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
        h = URLDecoder.decode(h.replace("+", "%2B"), StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>(List.of((base + h).split("/")));
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (p.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                out.add(p);
            }
        }
        return String.join("/", out);
    }

    private static Document xml(byte[] bytes) {
        return Jsoup.parse(new String(bytes, StandardCharsets.UTF_8), "", Parser.xmlParser());
    }

    private static Document html(byte[] bytes, String fileName) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
        } catch (IOException e) {
            throw new UnreadableBookException("corrupt archive: " + fileName + " has an unreadable chapter ("
                    + BookArchive.reason(e) + ")");
        }
    }
}
