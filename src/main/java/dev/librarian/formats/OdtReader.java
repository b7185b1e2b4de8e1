package dev.librarian.formats;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * OpenDocument text (ODT), read as ZIP + XML: {@code text:h} as headings, {@code text:p} as paragraphs (lists and
 * tables included), a note's citation kept in the text and its body after the section; comments and tracked
 * deletions left out; title, author, language from {@code meta.xml}. A password-protected file fails as encrypted.
 */
final class OdtReader {

    private static final Set<String> SKIPPED = Set.of("annotation", "tracked-changes", "notes-configuration");
    private static final Set<String> NOTE_BREAKS = Set.of("p", "h");

    private OdtReader() {
    }

    static Book read(byte[] zip, String fileName, ArchiveLimits limits) {
        BookArchive odt = BookArchive.open(zip, fileName, "ODT", limits, BookArchive::isMarkup);
        byte[] manifest = odt.entry("META-INF/manifest.xml").orElse(new byte[0]);
        if (new String(manifest, StandardCharsets.UTF_8).contains("encryption-data")) {
            throw new UnreadableBookException("encrypted ODT: " + fileName
                    + " is password-protected; save it without a password to index it");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "odt");
        OfficeMetadata.read(odt.entry("meta.xml").orElse(null), metadata);
        try {
            return new Book(body(odt.required("content.xml", fileName, "ODT")), metadata);
        } catch (XMLStreamException e) {
            throw new UnreadableBookException("corrupt archive: " + fileName + " is not a readable ODT ("
                    + BookArchive.reason(e) + ")");
        }
    }

    private static String body(byte[] xml) throws XMLStreamException {
        TextBuilder text = new TextBuilder();
        Deque<OpenParagraph> open = new ArrayDeque<>();
        XMLStreamReader r = XmlInput.open(xml);
        String citation = "";
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                String name = r.getLocalName();
                OpenParagraph p = open.peek();
                if (SKIPPED.contains(name)) {
                    XmlInput.skip(r);
                } else if (name.equals("p") || name.equals("h")) {
                    open.push(new OpenParagraph(name.equals("h")));
                } else if (p == null) {
                    continue;
                } else if (name.equals("s")) {
                    String count = XmlInput.attribute(r, "c");
                    p.text.append(" ".repeat(count == null ? 1 : Math.max(1, Math.min(100, parse(count)))));
                } else if (name.equals("tab")) {
                    p.text.append('\t');
                } else if (name.equals("line-break")) {
                    p.text.append('\n');
                } else if (name.equals("note-citation")) {
                    citation = XmlInput.elementText(r);
                    p.text.append('[').append(citation).append(']');
                } else if (name.equals("note-body")) {
                    p.notes.add("[" + citation + "] " + XmlInput.elementText(r, NOTE_BREAKS).strip());
                }
            } else if ((event == XMLStreamReader.CHARACTERS || event == XMLStreamReader.CDATA) && !open.isEmpty()) {
                open.peek().text.append(r.getText());
            } else if (event == XMLStreamReader.END_ELEMENT && !open.isEmpty()
                    && (r.getLocalName().equals("p") || r.getLocalName().equals("h"))) {
                open.pop().writeTo(text);
            }
        }
        return text.text();
    }

    private static int parse(String count) {
        try {
            return Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
