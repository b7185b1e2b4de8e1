package dev.librarian.formats;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Word's DOCX (Office Open XML), read as ZIP + XML: paragraphs of {@code word/document.xml}, those in a heading or
 * title style (or with an outline level) as headings; footnotes and endnotes, numbered as Word shows them, after the
 * section that refers to them; title, author, language from {@code docProps/core.xml}. Deleted (tracked) text and
 * field codes are left out.
 */
final class DocxReader {

    private static final Set<String> PARAGRAPH = Set.of("p");

    private DocxReader() {
    }

    static Book read(byte[] zip, String fileName, ArchiveLimits limits) {
        BookArchive docx = BookArchive.open(zip, fileName, "DOCX", limits, BookArchive::isMarkup);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "docx");
        OfficeMetadata.read(docx.entry("docProps/core.xml").orElse(null), metadata);
        try {
            Set<String> headingStyles = headingStyles(docx.entry("word/styles.xml").orElse(null));
            Map<String, String> footnotes = notes(docx.entry("word/footnotes.xml").orElse(null), "footnote");
            Map<String, String> endnotes = notes(docx.entry("word/endnotes.xml").orElse(null), "endnote");
            String text = body(docx.required("word/document.xml", fileName, "DOCX"), headingStyles, footnotes,
                    endnotes);
            return new Book(text, metadata);
        } catch (XMLStreamException e) {
            throw new UnreadableBookException("corrupt archive: " + fileName + " is not a readable DOCX ("
                    + BookArchive.reason(e) + ")");
        }
    }

    private static String body(byte[] xml, Set<String> headingStyles, Map<String, String> footnotes,
                               Map<String, String> endnotes) throws XMLStreamException {
        TextBuilder text = new TextBuilder();
        Deque<OpenParagraph> open = new ArrayDeque<>();
        int noteNumber = 0;
        XMLStreamReader r = XmlInput.open(xml);
        Deque<String> path = new ArrayDeque<>();
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                String name = r.getLocalName();
                OpenParagraph p = open.peek();
                switch (name) {
                    case "p" -> open.push(new OpenParagraph(false));
                    case "t" -> {
                        if (p != null) {
                            p.text.append(r.getElementText());
                            continue;
                        }
                    }
                    case "pStyle" -> {
                        if (p != null && isHeadingStyle(XmlInput.attribute(r, "val"), headingStyles)) {
                            p.heading = true;
                        }
                    }
                    case "outlineLvl" -> {
                        if (p != null && !"9".equals(XmlInput.attribute(r, "val"))) {
                            p.heading = true;
                        }
                    }
                    case "tab" -> {
                        if (p != null && "r".equals(path.peek())) {
                            p.text.append('\t');
                        }
                    }
                    case "br", "cr" -> {
                        if (p != null) {
                            p.text.append('\n');
                        }
                    }
                    case "noBreakHyphen" -> {
                        if (p != null) {
                            p.text.append('-');
                        }
                    }
                    case "footnoteReference", "endnoteReference" -> {
                        Map<String, String> notes = name.startsWith("foot") ? footnotes : endnotes;
                        String note = notes.get(XmlInput.attribute(r, "id"));
                        if (p != null && note != null) {
                            noteNumber++;
                            p.text.append('[').append(noteNumber).append(']');
                            p.notes.add("[" + noteNumber + "] " + note);
                        }
                    }
                    default -> {
                        // runs, properties, tables: their paragraphs and text are what counts
                    }
                }
                path.push(name);
            } else if (event == XMLStreamReader.END_ELEMENT) {
                path.pop();
                if (r.getLocalName().equals("p") && !open.isEmpty()) {
                    open.pop().writeTo(text);
                }
            }
        }
        return text.text();
    }

    private static boolean isHeadingStyle(String styleId, Set<String> headingStyles) {
        if (styleId == null) {
            return false;
        }
        String id = styleId.toLowerCase(Locale.ROOT);
        return headingStyles.contains(styleId) || id.matches("heading\\d*|title|subtitle");
    }

    /** Ids of the styles whose name is a heading or a title (style ids are localised, names are not). */
    private static Set<String> headingStyles(byte[] xml) throws XMLStreamException {
        Set<String> ids = new HashSet<>();
        if (xml == null) {
            return ids;
        }
        XMLStreamReader r = XmlInput.open(xml);
        String styleId = null;
        while (r.hasNext()) {
            if (r.next() != XMLStreamReader.START_ELEMENT) {
                continue;
            }
            if (r.getLocalName().equals("style")) {
                styleId = XmlInput.attribute(r, "styleId");
            } else if (r.getLocalName().equals("name") && styleId != null) {
                String name = String.valueOf(XmlInput.attribute(r, "val")).toLowerCase(Locale.ROOT);
                if (name.matches("heading ?\\d*|title|subtitle")) {
                    ids.add(styleId);
                }
            }
        }
        return ids;
    }

    /** Footnotes or endnotes by id, each as one line; separators are left out. */
    private static Map<String, String> notes(byte[] xml, String element) throws XMLStreamException {
        Map<String, String> notes = new HashMap<>();
        if (xml == null) {
            return notes;
        }
        XMLStreamReader r = XmlInput.open(xml);
        String id = null;
        StringBuilder text = null;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                String name = r.getLocalName();
                if (name.equals(element)) {
                    String type = XmlInput.attribute(r, "type");
                    id = type == null || type.equals("normal") ? XmlInput.attribute(r, "id") : null;
                    text = new StringBuilder();
                } else if (name.equals("t") && text != null) {
                    text.append(r.getElementText());
                } else if (name.equals("tab") && text != null) {
                    text.append(' ');
                }
            } else if (event == XMLStreamReader.END_ELEMENT) {
                if (PARAGRAPH.contains(r.getLocalName()) && text != null) {
                    text.append(' ');
                } else if (r.getLocalName().equals(element) && text != null) {
                    if (id != null) {
                        notes.put(id, text.toString().strip());
                    }
                    text = null;
                }
            }
        }
        return notes;
    }
}
