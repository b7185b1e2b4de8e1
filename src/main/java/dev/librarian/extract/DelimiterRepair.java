package dev.librarian.extract;

import dev.librarian.model.Separators;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the damaged forms of the field delimiter {@code <|#|>} that LLMs produce into the real one: a doubled or
 * escaped core ({@code <|##|>}, {@code <|\#|>}), the old delimiter ({@code <|>}, {@code <||>}), missing or extra pipes
 * and brackets ({@code <#>}, {@code <#|>}, {@code <|#>}, {@code <|#|}, {@code |#|>}, {@code ||#||}, {@code <X|#|Y>}),
 * inner spaces ({@code <| # |>}) and a bare {@code |#|}. The rules run in order; each one leaves a correct
 * delimiter unchanged.
 */
final class DelimiterRepair {

    private static final List<Pattern> RULES = List.of(
            Pattern.compile("<\\|\\s+#\\s*\\|>|<\\|\\s*#\\s+\\|>"),      // <| # |>
            Pattern.compile("<\\|#\\|*?#\\|>"),                           // <|##|>, <|#||#|>
            Pattern.compile("<\\|\\\\#\\|>"),                             // <|\#|>
            Pattern.compile("<\\|+>"),                                    // <|>, <||>
            Pattern.compile("<.?\\|#\\|.?>"),                             // <X|#|>, <|#|Y>, <||#||>
            Pattern.compile("<\\|?#\\|?>"),                               // <#>, <#|>, <|#>
            Pattern.compile("<[^|<>]#\\|>|<\\|#[^|<>]>"),                 // <X#|>, <|#X>
            Pattern.compile("<\\|#\\|+(?!>)"),                            // <|#|, <|#||
            Pattern.compile("<\\|#:(?!>)"),                               // <|#:
            Pattern.compile("<\\|+#>"),                                   // <||#>
            Pattern.compile("<\\|\\|(?!>)"),                              // <||
            Pattern.compile("(?<!<)\\|#\\|>"),                            // |#|>
            Pattern.compile("<\\|#\\|>\\|(?!>)"),                         // <|#|>|
            Pattern.compile("\\|\\|#\\|\\|"),                             // ||#||
            Pattern.compile("(?<![<|])\\|#\\|(?![>|])"));                 // |#|

    private static final String DELIMITER = Matcher.quoteReplacement(Separators.TUPLE);

    private DelimiterRepair() {
    }

    static String repair(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        String s = line;
        for (Pattern rule : RULES) {
            s = rule.matcher(s).replaceAll(DELIMITER);
        }
        return s;
    }
}
