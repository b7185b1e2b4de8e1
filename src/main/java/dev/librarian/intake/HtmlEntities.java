package dev.librarian.intake;

import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compact stand-in for Python's {@code html.unescape}: numeric references ({@code &#NNN;}, {@code &#xHH;},
 * semicolon optional) and the named references common in books and web text. Unknown names stay as they are.
 */
final class HtmlEntities {

    private static final Pattern REFERENCE =
            Pattern.compile("&(?:#([0-9]{1,10});?|#[xX]([0-9a-fA-F]{1,8});?|([A-Za-z][A-Za-z0-9]{1,31});)|&(amp|lt|gt|quot|nbsp)(?![A-Za-z0-9;])");

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static final Map<String, String> NAMED = new HashMap<>();

    static {
        String[] pairs = {
                "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00A0",
                "ndash", "\u2013", "mdash", "\u2014", "minus", "\u2212", "hellip", "\u2026", "shy", "\u00AD",
                "laquo", "\u00AB", "raquo", "\u00BB", "lsquo", "\u2018", "rsquo", "\u2019", "sbquo", "\u201A",
                "ldquo", "\u201C", "rdquo", "\u201D", "bdquo", "\u201E", "lsaquo", "\u2039", "rsaquo", "\u203A",
                "prime", "\u2032", "Prime", "\u2033", "bull", "\u2022", "middot", "\u00B7", "sect", "\u00A7",
                "para", "\u00B6", "copy", "\u00A9", "reg", "\u00AE", "trade", "\u2122", "deg", "\u00B0",
                "plusmn", "\u00B1", "times", "\u00D7", "divide", "\u00F7", "frac12", "\u00BD", "frac14", "\u00BC",
                "frac34", "\u00BE", "sup1", "\u00B9", "sup2", "\u00B2", "sup3", "\u00B3", "micro", "\u00B5",
                "euro", "\u20AC", "pound", "\u00A3", "yen", "\u00A5", "cent", "\u00A2", "curren", "\u00A4",
                "numero", "\u2116", "dagger", "\u2020", "Dagger", "\u2021", "permil", "\u2030",
                "ensp", "\u2002", "emsp", "\u2003", "thinsp", "\u2009", "zwnj", "\u200C", "zwj", "\u200D",
                "lrm", "\u200E", "rlm", "\u200F", "iexcl", "\u00A1", "iquest", "\u00BF", "acute", "\u00B4",
                "uml", "\u00A8", "cedil", "\u00B8", "macr", "\u00AF", "ordf", "\u00AA", "ordm", "\u00BA",
                "not", "\u00AC", "brvbar", "\u00A6", "larr", "\u2190", "rarr", "\u2192", "uarr", "\u2191",
                "darr", "\u2193", "harr", "\u2194", "le", "\u2264", "ge", "\u2265", "ne", "\u2260",
                "asymp", "\u2248", "infin", "\u221E", "szlig", "\u00DF", "eacute", "\u00E9", "egrave", "\u00E8",
                "agrave", "\u00E0", "aacute", "\u00E1", "ccedil", "\u00E7", "ouml", "\u00F6", "uuml", "\u00FC",
                "auml", "\u00E4", "Ouml", "\u00D6", "Uuml", "\u00DC", "Auml", "\u00C4", "Eacute", "\u00C9",
                "ecirc", "\u00EA", "ocirc", "\u00F4", "icirc", "\u00EE", "acirc", "\u00E2", "ucirc", "\u00FB",
                "iuml", "\u00EF", "euml", "\u00EB", "oelig", "\u0153", "OElig", "\u0152", "aelig", "\u00E6",
                "AElig", "\u00C6", "oslash", "\u00F8", "aring", "\u00E5", "ntilde", "\u00F1",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            NAMED.put(pairs[i], pairs[i + 1]);
        }
    }

    private HtmlEntities() {
    }

    static String unescape(String text) {
        if (text == null || text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = fromCodePoint(parse(m.group(1), 10));
            } else if (m.group(2) != null) {
                replacement = fromCodePoint(parse(m.group(2), 16));
            } else if (m.group(3) != null) {
                replacement = NAMED.get(m.group(3));
            } else {
                replacement = NAMED.get(m.group(4));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static long parse(String digits, int radix) {
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Python's rules: invalid code points become U+FFFD, 0x80–0x9F are read as Windows-1252. */
    private static String fromCodePoint(long cp) {
        if (cp == 0x0D) {
            return "\r";
        }
        if (cp >= 0x80 && cp <= 0x9F) {
            String c = new String(new byte[]{(byte) cp}, WINDOWS_1252);
            return "\uFFFD".equals(c) ? String.valueOf((char) cp) : c;
        }
        if (cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return "\uFFFD";
        }
        return new String(Character.toChars((int) cp));
    }
}
