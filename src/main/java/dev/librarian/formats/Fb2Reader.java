package dev.librarian.formats;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FictionBook 2 (FB2), read with a streaming XML parser: title, author and language from {@code title-info};
 * section titles as headings; poems, epigraphs and citations as paragraphs; the notes body ({@code <body name="notes">})
 * written after the section whose text refers to each note. Embedded images ({@code binary}) are skipped unread.
 */
final class Fb2Reader {

    private static final Set<String> BLOCKS = Set.of("p", "v", "subtitle", "text-author", "td", "th");
    private static final Set<String> SKIPPED = Set.of("binary", "image", "stylesheet");

    /** A paragraph or heading of the main text with the note ids it refers to. */
    private record Block(boolean heading, String text, List<String> noteRefs) {
    }

    private Fb2Reader() {
    }

    static Book read(byte[] xml, String fileName) {
        try {
            return parse(XmlInput.open(xml));
        } catch (XMLStreamException e) {
            throw new UnreadableBookException("corrupt FB2: " + fileName + " is not well-formed XML ("
                    + BookArchive.reason(e) + ")");
        }
    }

    private static Book parse(XMLStreamReader r) throws XMLStreamException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "fb2");
        List<Block> blocks = new ArrayList<>();
        Map<String, String> notes = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        List<String> authors = new ArrayList<>();
        Map<String, String> authorParts = new LinkedHashMap<>();
        boolean inNotes = false;
        StringBuilder block = null;
        List<String> refs = new ArrayList<>();
        List<String> titleLines = null;
        String noteId = null;
        List<String> noteParts = null;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                String name = r.getLocalName();
                if (SKIPPED.contains(name)) {
                    XmlInput.skip(r);
                    continue;
                }
                path.add(name);
                if (name.equals("body")) {
                    String bodyName = XmlInput.attribute(r, "name");
                    inNotes = bodyName != null && (bodyName.equals("notes") || bodyName.equals("comments"));
                } else if (inTitleInfo(path) && path.size() == 4) {
                    // FictionBook/description/title-info/<field>
                    switch (name) {
                        case "book-title" -> metadata.put("title", XmlInput.elementText(r));
                        case "lang" -> metadata.put("language", XmlInput.elementText(r));
                        default -> {
                            continue;
                        }
                    }
                    path.remove(path.size() - 1);
                } else if (inTitleInfo(path) && path.size() == 5 && path.get(3).equals("author")) {
                    authorParts.put(name, XmlInput.elementText(r));
                    path.remove(path.size() - 1);
                } else if (name.equals("section") && inNotes && path.size() == 3) {
                    noteId = XmlInput.attribute(r, "id");
                    noteParts = new ArrayList<>();
                } else if (name.equals("title") && path.contains("body") && !inNotes) {
                    titleLines = new ArrayList<>();
                } else if (name.equals("a") && block != null && !inNotes) {
                    String href = XmlInput.attribute(r, "href");
                    if (href != null && href.startsWith("#")) {
                        refs.add(href.substring(1));
                    }
                } else if (BLOCKS.contains(name) && path.contains("body") && block == null) {
                    block = new StringBuilder();
                }
            } else if (event == XMLStreamReader.CHARACTERS || event == XMLStreamReader.CDATA) {
                if (block != null) {
                    block.append(r.getText());
                }
            } else if (event == XMLStreamReader.END_ELEMENT) {
                String name = r.getLocalName();
                if (name.equals("author") && inTitleInfo(path) && path.size() == 4) {
                    authors.add(authorName(authorParts));
                    authorParts.clear();
                }
                if (BLOCKS.contains(name) && block != null && path.get(path.size() - 1).equals(name)
                        && isOutermostBlock(path)) {
                    String text = block.toString();
                    if (inNotes) {
                        if (noteParts != null) {
                            noteParts.add(text.strip());
                        }
                    } else if (titleLines != null) {
                        titleLines.add(text.strip());
                    } else {
                        blocks.add(new Block(false, text, List.copyOf(refs)));
                    }
                    block = null;
                    refs.clear();
                } else if (name.equals("title") && titleLines != null) {
                    blocks.add(new Block(true, String.join("\n", titleLines), List.of()));
                    titleLines = null;
                } else if (name.equals("section") && inNotes && path.size() == 3 && noteParts != null) {
                    if (noteId != null) {
                        notes.put(noteId, String.join(" ", noteParts));
                    }
                    noteId = null;
                    noteParts = null;
                } else if (name.equals("body")) {
                    inNotes = false;
                }
                path.remove(path.size() - 1);
            }
        }
        authors.removeIf(String::isBlank);
        if (!authors.isEmpty()) {
            metadata.put("author", String.join(", ", authors));
        }
        metadata.values().removeIf(v -> v instanceof String s && s.isBlank());
        return new Book(assemble(blocks, notes), metadata);
    }

    private static boolean inTitleInfo(List<String> path) {
        return path.size() >= 3 && path.get(1).equals("description") && path.get(2).equals("title-info");
    }

    /** True when no other block element encloses the one ending (a {@code p} inside a {@code td} is the td's). */
    private static boolean isOutermostBlock(List<String> path) {
        for (int i = 0; i < path.size() - 1; i++) {
            if (BLOCKS.contains(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String authorName(Map<String, String> parts) {
        StringBuilder name = new StringBuilder();
        for (String part : List.of("first-name", "middle-name", "last-name")) {
            String p = parts.getOrDefault(part, "").strip();
            if (!p.isEmpty()) {
                name.append(name.length() > 0 ? " " : "").append(p);
            }
        }
        return name.length() > 0 ? name.toString() : parts.getOrDefault("nickname", "").strip();
    }

    private static String assemble(List<Block> blocks, Map<String, String> notes) {
        TextBuilder text = new TextBuilder();
        Set<String> used = new LinkedHashSet<>();
        for (Block b : blocks) {
            if (b.heading()) {
                text.heading(b.text());
                continue;
            }
            text.paragraph(b.text());
            for (String id : b.noteRefs()) {
                String note = notes.get(id);
                if (note != null && used.add(id)) {
                    text.footnote(note);
                }
            }
        }
        text.endSection();
        notes.forEach((id, note) -> {
            if (!used.contains(id)) {
                text.paragraph(note);
            }
        });
        return text.text();
    }
}
