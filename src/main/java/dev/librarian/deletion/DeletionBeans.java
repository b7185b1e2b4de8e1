package dev.librarian.deletion;

import dev.librarian.config.InputMode;
import dev.librarian.config.Settings;
import dev.librarian.intake.DocumentIntake;
import dev.librarian.library.LibraryStores;
import dev.librarian.llm.LlmResponseCache;
import dev.librarian.merge.GraphMerger;
import dev.librarian.pipeline.IndexWriter;
import dev.librarian.status.DocStatusRepository;
import dev.librarian.sync.DeletionHold;
import dev.librarian.sync.DeletionLimit;
import dev.librarian.sync.LibraryFileVersions;
import dev.librarian.sync.VanishedDocuments;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** Binds the beans of deleting documents and of {@code INPUT_MODE=sync}. */
public final class DeletionBeans {

    private DeletionBeans() {
    }

    /** Deleting documents (routes/delete.camel.yaml) and, with INPUT_MODE=sync, mirroring the library folder. */
    public static void bind(CamelContext camel, Settings settings, LibraryStores stores,
                            DocStatusRepository status, GraphMerger merger, LlmResponseCache cache,
                            IndexWriter indexWriter, DocumentIntake intake) {
        InputFiles inputFiles = new InputFiles(settings.inputDir(), settings.inputMode() == InputMode.SYNC, intake);
        Registry registry = camel.getRegistry();
        registry.bind("documentDeletion", new DocumentDeletion(status, stores, merger, inputFiles, indexWriter));
        registry.bind("offlineSummaries", new OfflineSummaries(merger, cache));
        LibraryFileVersions versions = new LibraryFileVersions();
        registry.bind("libraryFileVersions", versions);
        DeletionHold hold = new DeletionHold();
        registry.bind("syncDeletionHold", hold);
        registry.bind("vanishedDocuments", new VanishedDocuments(status, inputFiles, versions,
                new DeletionLimit(settings.syncMaxDeleteFraction()), hold));
    }
}
