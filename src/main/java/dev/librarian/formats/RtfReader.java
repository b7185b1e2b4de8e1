package dev.librarian.formats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rich Text Format, read by a small tokenizer: paragraphs at {@code \par}, headings by outline level, characters
 * from Unicode escapes (backslash u N) and from {@code \'hh} bytes in the code page of the font ({@code \fcharset}) or the document
 * ({@code \ansicpg}); footnotes ({@code \footnote}) after their heading's section; title and author from
 * {@code \info}. Font, colour and style tables, pictures, objects, headers and footers are skipped.
 */
final class RtfReader {

    private static final Set<String> SKIPPED = Set.of("fonttbl", "colortbl", "stylesheet", "pict", "object",
            "header", "headerl", "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "themedata",
            "colorschememapping", "latentstyles", "datastore", "xmlnsdecl", "listtable", "listoverridetable",
            "rsidtbl", "generator", "fldinst", "bkmkstart", "bkmkend", "info", "filetbl", "revtbl", "pgdsctbl",
            "operator", "keywords", "comment", "doccomm", "subject", "company", "category", "template",
            "annotation", "atnid", "atnauthor", "listtext", "pntext", "shppict", "nonshppict", "blipuid");
    private static final Map<Integer, String> FONT_CHARSETS = Map.of(204, "windows-1251", 238, "windows-1250",
            161, "windows-1253", 162, "windows-1254", 186, "windows-1257", 177, "windows-1255", 178, "windows-1256");
    private static final Map<Integer, String> LANGUAGES = Map.of(1049, "ru", 1033, "en", 2057, "en", 1058, "uk",
            1059, "be", 1031, "de", 1036, "fr", 1040, "it", 1034, "es", 3082, "es");

    /** Where a group's text goes: the body, a footnote, an \info field, or nowhere. */
    private enum Target { BODY, NOTE, TITLE, AUTHOR, FONTS, SKIP }

    private static final class Group {
        Target target;
        int uc;
        Integer font;

        Group(Target target, int uc, Integer font) {
            this.target = target;
            this.uc = uc;
            this.font = font;
        }
    }

    private final byte[] rtf;
    private final TextBuilder text = new TextBuilder();
    private final StringBuilder paragraph = new StringBuilder();
    private final StringBuilder note = new StringBuilder();
    private final StringBuilder title = new StringBuilder();
    private final StringBuilder author = new StringBuilder();
    private final List<String> paragraphNotes = new ArrayList<>();
    private final ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
    private final Map<Integer, String> fontCharsets = new HashMap<>();
    private final Deque<Group> groups = new ArrayDeque<>();
    private Group group = new Group(Target.BODY, 1, null);
    private String ansiCharset = "windows-1252";
    private Integer fontInTable;
    private boolean heading;
    private int notes;
    private int skipChars;
    private String language;

    private RtfReader(byte[] rtf) {
        this.rtf = rtf;
    }

    static Book read(byte[] rtf, String fileName) {
        if (!new String(rtf, 0, Math.min(rtf.length, 5), Charset.forName("ISO-8859-1")).equals("{\\rtf")) {
            throw new UnreadableBookException("corrupt RTF: " + fileName + " does not start with {\\rtf");
        }
        RtfReader reader = new RtfReader(rtf);
        reader.parse();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("format", "rtf");
        HtmlReader.putIfPresent(metadata, "title", reader.title.toString());
        HtmlReader.putIfPresent(metadata, "author", reader.author.toString());
        HtmlReader.putIfPresent(metadata, "language", reader.language);
        return new Book(reader.text.text(), metadata);
    }

    private void parse() {
        int i = 0;
        while (i < rtf.length) {
            int c = rtf[i] & 0xFF;
            if (c == '{') {
                flushBytes();
                groups.push(group);
                group = new Group(group.target, group.uc, group.font);
                i++;
            } else if (c == '}') {
                flushBytes();
                Target ending = group.target;
                group = groups.isEmpty() ? group : groups.pop();
                if (ending == Target.NOTE && group.target != Target.NOTE) {
                    paragraphNotes.add(note.toString());
                    note.setLength(0);
                }
                i++;
            } else if (c == '\\') {
                i = control(i + 1);
            } else if (c == '\r' || c == '\n') {
                i++;
            } else {
                if (skipChars > 0) {
                    skipChars--;
                } else if (group.target != Target.SKIP) {
                    pendingBytes.write(c);
                }
                i++;
            }
        }
        flushBytes();
        endParagraph();
    }

    /** Reads the control word or symbol starting at {@code i} (after the backslash); returns the next position. */
    private int control(int i) {
        if (i >= rtf.length) {
            return i;
        }
        int c = rtf[i] & 0xFF;
        if (c == '\'') {
            if (i + 2 < rtf.length) {
                if (skipChars > 0) {
                    skipChars--;
                } else if (group.target != Target.SKIP) {
                    pendingBytes.write(Integer.parseInt(new String(rtf, i + 1, 2, Charset.forName("ISO-8859-1")), 16));
                }
            }
            return i + 3;
        }
        if (!Character.isLetter(c)) {
            switch (c) {
                case '*' -> group.target = Target.SKIP;
                case '~' -> append("\u00A0");
                case '_' -> append("-");
                case '\\', '{', '}' -> append(String.valueOf((char) c));
                case '\n', '\r' -> paragraphBreak();
                default -> {
                    // \- (optional hyphen), \| and the like: nothing to show
                }
            }
            return i + 1;
        }
        int start = i;
        while (i < rtf.length && Character.isLetter(rtf[i] & 0xFF)) {
            i++;
        }
        String word = new String(rtf, start, i - start, Charset.forName("ISO-8859-1"));
        int paramStart = i;
        if (i < rtf.length && rtf[i] == '-') {
            i++;
        }
        while (i < rtf.length && Character.isDigit(rtf[i] & 0xFF)) {
            i++;
        }
        Integer param = i > paramStart && !(i - paramStart == 1 && rtf[paramStart] == '-')
                ? Integer.valueOf(new String(rtf, paramStart, i - paramStart, Charset.forName("ISO-8859-1"))) : null;
        if (i < rtf.length && rtf[i] == ' ') {
            i++;
        }
        if (word.equals("bin") && param != null) {
            return i + Math.max(0, param);
        }
        word(word, param);
        return i;
    }

    private void word(String word, Integer param) {
        if (SKIPPED.contains(word)) {
            flushBytes();
            group.target = word.equals("fonttbl") ? Target.FONTS : Target.SKIP;
            if (word.equals("info")) {
                group.target = Target.SKIP;
            }
            return;
        }
        switch (word) {
            case "title" -> group.target = Target.TITLE;
            case "author" -> group.target = Target.AUTHOR;
            case "footnote" -> {
                flushBytes();
                group.target = Target.NOTE;
            }
            case "par" -> paragraphBreak();
            case "line" -> append("\n");
            case "tab" -> append("\t");
            case "emdash" -> append("\u2014");
            case "endash" -> append("\u2013");
            case "bullet" -> append("\u2022");
            case "lquote" -> append("\u2018");
            case "rquote" -> append("\u2019");
            case "ldblquote" -> append("\u201C");
            case "rdblquote" -> append("\u201D");
            case "pard" -> heading = false;
            case "outlinelevel" -> heading = param != null && param < 9;
            case "uc" -> group.uc = param == null ? 1 : param;
            case "u" -> {
                if (param != null) {
                    append(String.valueOf((char) (param < 0 ? param + 65536 : param)));
                    skipChars = group.uc;
                }
            }
            case "ansicpg" -> {
                if (param != null && Charset.isSupported("windows-" + param)) {
                    ansiCharset = "windows-" + param;
                }
            }
            case "f" -> {
                flushBytes();
                if (group.target == Target.FONTS) {
                    fontInTable = param;
                } else {
                    group.font = param;
                }
            }
            case "fcharset" -> {
                if (group.target == Target.FONTS && fontInTable != null && param != null
                        && FONT_CHARSETS.containsKey(param)) {
                    fontCharsets.put(fontInTable, FONT_CHARSETS.get(param));
                }
            }
            case "deflang", "lang" -> {
                if (language == null && param != null) {
                    language = LANGUAGES.get(param);
                }
            }
            case "chftn" -> {
                if (group.target == Target.BODY) {
                    notes++;
                }
                append("[" + Math.max(notes, 1) + "]");
            }
            default -> {
                // formatting: nothing to show
            }
        }
    }

    private void append(String s) {
        flushBytes();
        target().append(s);
    }

    private StringBuilder target() {
        return switch (group.target) {
            case NOTE -> note;
            case TITLE -> title;
            case AUTHOR -> author;
            case BODY -> paragraph;
            case FONTS, SKIP -> new StringBuilder();
        };
    }

    private void flushBytes() {
        if (pendingBytes.size() == 0) {
            return;
        }
        String charset = group.font != null ? fontCharsets.getOrDefault(group.font, ansiCharset) : ansiCharset;
        String s = new String(pendingBytes.toByteArray(), Charset.forName(charset));
        pendingBytes.reset();
        target().append(s);
    }

    private void paragraphBreak() {
        flushBytes();
        if (group.target == Target.NOTE) {
            note.append(' ');
        } else if (group.target == Target.BODY) {
            endParagraph();
        }
    }

    private void endParagraph() {
        if (heading) {
            text.heading(paragraph.toString());
        } else {
            text.paragraph(paragraph.toString());
        }
        paragraph.setLength(0);
        paragraphNotes.forEach(text::footnote);
        paragraphNotes.clear();
    }
}
