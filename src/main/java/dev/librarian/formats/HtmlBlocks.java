package dev.librarian.formats;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks an HTML or XHTML tree (a web page, an EPUB chapter) into a {@link TextBuilder}: {@code h1}–{@code h6} as
 * headings, each block element as a paragraph, {@code <br>} as a line break; footnotes (an {@code aside}, or
 * anything marked {@code epub:type="footnote|endnote|rearnote"} or {@code role="doc-footnote|doc-endnote"}) are
 * moved after their section; scripts, styles and navigation are left out.
 */
final class HtmlBlocks {

    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "blockquote", "body", "caption",
            "center", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
            "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
            "td", "tfoot", "th", "thead", "tr", "ul", "summary");
    private static final Set<String> HEADINGS = Set.of("h1", "h2", "h3", "h4", "h5", "h6");
    private static final Set<String> SKIPPED = Set.of("script", "style", "nav", "head", "template", "noscript",
            "svg", "math", "object", "iframe");
    private static final Pattern NOTE_TYPE = Pattern.compile("(^|\\s)(doc-)?(footnote|endnote|rearnote|note)s?(\\s|$)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private HtmlBlocks() {
    }

    /** Writes the blocks of {@code root} (usually the body) to {@code text}. */
    static void walk(Element root, TextBuilder text) {
        StringBuilder inline = new StringBuilder();
        for (Node child : root.childNodes()) {
            if (child instanceof Element e && isBlock(e)) {
                text.paragraph(inline.toString());
                inline.setLength(0);
                block(e, text);
            } else {
                inline(child, inline);
            }
        }
        text.paragraph(inline.toString());
    }

    private static void block(Element e, TextBuilder text) {
        String tag = e.normalName();
        if (SKIPPED.contains(tag)) {
            return;
        }
        if (isFootnote(e)) {
            TextBuilder note = new TextBuilder();
            walk(e, note);
            text.footnote(note.text().replace("\n\n", " "));
        } else if (HEADINGS.contains(tag)) {
            StringBuilder heading = new StringBuilder();
            inline(e, heading);
            text.heading(heading.toString());
        } else if (tag.equals("pre")) {
            text.paragraph(e.wholeText());
        } else {
            walk(e, text);
        }
    }

    private static void inline(Node node, StringBuilder out) {
        if (node instanceof TextNode t) {
            out.append(WHITESPACE.matcher(t.getWholeText()).replaceAll(" "));
        } else if (node instanceof Element e) {
            if (SKIPPED.contains(e.normalName())) {
                return;
            }
            if (e.normalName().equals("br")) {
                out.append('\n');
                return;
            }
            for (Node child : e.childNodes()) {
                inline(child, out);
            }
        }
    }

    private static boolean isBlock(Element e) {
        return BLOCKS.contains(e.normalName()) || SKIPPED.contains(e.normalName()) || isFootnote(e);
    }

    static boolean isFootnote(Element e) {
        String type = (e.attr("epub:type") + " " + e.attr("role")).toLowerCase(Locale.ROOT).strip();
        if (e.normalName().equals("a") || e.normalName().equals("sup") || e.normalName().equals("span")) {
            return false;
        }
        return e.normalName().equals("aside") || NOTE_TYPE.matcher(type).find();
    }
}
