package dev.librarian.merge;

import java.util.List;

/**
 * A node or edge being merged: everything but the description is final; the description is either already
 * known or waits for {@link #summary}.
 */
record Draft(String type, double weight, String keywords, List<String> fragments, String description,
             SummaryTask summary, List<String> sourceIds, List<String> filePaths) {

    Draft withDescription(String text) {
        return new Draft(type, weight, keywords, fragments, text, summary, sourceIds, filePaths);
    }
}
